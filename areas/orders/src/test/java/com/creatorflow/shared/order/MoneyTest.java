package com.creatorflow.shared.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void parsesTikTokDecimalTextIntoMinorUnits() {
        assertThat(Money.parse("19.99", "USD").minor()).isEqualTo(1999);
        assertThat(Money.parse("5", "GBP").minor()).isEqualTo(500);
        assertThat(Money.parse("1200", "JPY").minor()).isEqualTo(1200);
        assertThat(Money.parse("", "USD")).isEqualTo(Money.zero("USD"));
    }

    @Test
    void refusesFractionsOfACent() {
        assertThatThrownBy(() -> Money.parse("1.999", "USD")).hasMessageContaining("more decimals");
    }

    @Test
    void addsOnlyTheSameCurrency() {
        assertThat(Money.parse("1.10", "USD").plus(Money.parse("2.20", "USD"))).isEqualTo(Money.parse("3.30", "USD"));
        assertThatThrownBy(() -> Money.parse("1", "USD").plus(Money.parse("1", "GBP")))
                .hasMessageContaining("USD").hasMessageContaining("GBP");
        assertThat(Money.parse("19.99", "USD").times(3).toDecimal().toPlainString()).isEqualTo("59.97");
    }
}
