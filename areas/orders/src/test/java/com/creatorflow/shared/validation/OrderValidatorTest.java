package com.creatorflow.shared.validation;

import com.creatorflow.shared.validation.domain.OrderValidator;
import com.creatorflow.shared.validation.domain.ValidationIssue;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.Totals;
import com.creatorflow.shared.order.testing.Orders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderValidatorTest {
    private static final Instant LATER = Instant.parse("2026-11-26T00:00:00Z");
    private final Order good = Orders.sample("t");

    @Test
    void aCompletePaidOrderIsValid() {
        OrderValidator.Result result = OrderValidator.validate(good, LATER);
        assertThat(result.issues()).isEmpty();
        assertThat(result.holdUntil()).isNull();
    }

    @Test
    void aCreatorsHoldWindowReplacesTheHour() {
        Instant paid = Instant.parse("2026-11-25T18:00:00Z");
        Order order = good.toBuilder().paidAt(paid).build();
        assertThat(OrderValidator.validate(order, paid.plusSeconds(5), Duration.ofSeconds(10)).holdUntil())
                .isEqualTo(paid.plusSeconds(10));
        assertThat(OrderValidator.validate(order, paid.plusSeconds(11), Duration.ofSeconds(10)).holdUntil()).isNull();
        assertThat(OrderValidator.validate(order, paid, Duration.ZERO).holdUntil()).isNull();
    }

    @Test
    void usOrdersWaitOneHourAfterPayment() {
        Instant paid = Instant.parse("2026-11-25T18:00:00Z");
        Order order = good.toBuilder().paidAt(paid).build();
        assertThat(OrderValidator.validate(order, paid.plusSeconds(600)).holdUntil())
                .isEqualTo(paid.plusSeconds(3600));
        assertThat(OrderValidator.validate(order, paid.plusSeconds(3601)).holdUntil()).isNull();
    }

    @Test
    void anOrderThatWentThroughOnHoldShipsAtOnce() {
        Instant paid = Instant.parse("2026-11-25T18:00:00Z");
        Order order = good.toBuilder().paidAt(paid).onHoldOrder(true).build();
        assertThat(OrderValidator.validate(order, paid.plusSeconds(60)).holdUntil()).isNull();
    }

    @Test
    void ordersOutsideTheUsAndUkDoNotWait() {
        Instant paid = Instant.parse("2026-11-25T18:00:00Z");
        Address mexico = new Address("Ana", "+52 55 5555 5555", "Av. Reforma 1", null, "CDMX", "CDMX", "06600", "MX");
        Order order = good.toBuilder().paidAt(paid).shipTo(ShipTo.of(mexico))
                .pii(new Pii(good.pii().buyer(), mexico)).build();
        assertThat(OrderValidator.validate(order, paid.plusSeconds(60)).holdUntil()).isNull();
    }

    @Test
    void namesEveryMissingAddressField() {
        Address empty = new Address(" ", null, "", null, null, null, null, "US");
        Order order = good.toBuilder().pii(new Pii(good.pii().buyer(), empty)).build();
        assertThat(OrderValidator.validate(order, LATER).issues()).extracting(ValidationIssue::field)
                .containsExactlyInAnyOrder("/shippingAddress/name", "/shippingAddress/line1",
                        "/shippingAddress/city", "/shippingAddress/postalCode", "/shippingAddress/region");
    }

    @Test
    void refusesABadPostalCodeAndAMaskedAddress() {
        Address bad = new Address("Jamie", null, "12** S***** Blvd", null, "LA", "CA", "9002", "US");
        Order order = good.toBuilder().pii(new Pii(good.pii().buyer(), bad)).build();
        assertThat(OrderValidator.validate(order, LATER).issues()).extracting(ValidationIssue::field)
                .contains("/shippingAddress/postalCode", "/shippingAddress/line1");
    }

    @Test
    void refusesInconsistentMoney() {
        Totals wrong = new Totals(Money.parse("10.00", "USD"), Money.parse("1.00", "USD"), Money.zero("USD"),
                Money.zero("USD"), Money.parse("12.00", "USD"));
        LineItem euro = new LineItem("SKU-1", "p", "n", "s", 1, Money.parse("10.00", "EUR"), List.of("1"));
        Order order = good.toBuilder().totals(wrong).lines(List.of(euro)).build();
        assertThat(OrderValidator.validate(order, LATER).issues()).extracting(ValidationIssue::field)
                .containsExactlyInAnyOrder("/totals/total", "/lines/0/unitPrice");
    }

    @Test
    void refusesAnOrderWithoutLinesOrSku() {
        assertThat(OrderValidator.validate(good.toBuilder().lines(List.of()).build(), LATER).issues())
                .extracting(ValidationIssue::field).contains("/lines");
        LineItem noSku = new LineItem(" ", "p", "n", "s", 1, Money.parse("1.00", "USD"), List.of());
        assertThat(OrderValidator.validate(good.toBuilder().lines(List.of(noSku)).build(), LATER).issues())
                .extracting(ValidationIssue::field).contains("/lines/0/sku");
    }

    @Test
    void refusesAnOrderTikTokDoesNotLetUsShip() {
        Order unpaid = good.toBuilder().tiktokStatus(TikTokOrderStatus.UNPAID).build();
        assertThat(OrderValidator.validate(unpaid, LATER).issues()).extracting(ValidationIssue::field)
                .containsExactly("/tiktokStatus");
    }
}
