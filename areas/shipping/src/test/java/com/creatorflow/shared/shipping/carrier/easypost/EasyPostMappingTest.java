package com.creatorflow.shared.shipping.carrier.easypost;

import com.creatorflow.shared.shipping.domain.EasyPostCarriers;
import com.creatorflow.shared.shipping.domain.EasyPostSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.creatorflow.shared.shipping.domain.WebhookRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our carriers, services, units, statuses and fields as EasyPost names them, and its webhook signature. */
class EasyPostMappingTest {
    @ParameterizedTest
    @EnumSource(Carrier.class)
    void everyServiceHasOneEasyPostNameThatMapsBack(Carrier carrier) {
        assertThat(EasyPostCarriers.carrier(EasyPostCarriers.name(carrier))).contains(carrier);
        assertThat(EasyPostCarriers.carrier(EasyPostCarriers.name(carrier).toLowerCase())).contains(carrier);
        for (ServiceLevel service : carrier.services()) {
            String name = EasyPostCarriers.service(carrier, service.code());
            assertThat(EasyPostCarriers.serviceCode(carrier, name)).contains(service.code());
        }
        assertThat(EasyPostCarriers.serviceCode(carrier, "NoSuchService")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TrackingStatus.class)
    void everyStatusRoundTripsThroughEasyPostStatusAndDetail(TrackingStatus status) {
        String[] easyPost = EasyPostCarriers.statusOf(status);
        assertThat(EasyPostCarriers.status(easyPost[0], easyPost[1])).contains(status);
    }

    @Test
    void statusesThatMoveNothingAreIgnored() {
        assertThat(EasyPostCarriers.status("unknown", null)).isEmpty();
        assertThat(EasyPostCarriers.status("cancelled", "status_update")).isEmpty();
        assertThat(EasyPostCarriers.status("failure", "unknown")).isEmpty();
        assertThat(EasyPostCarriers.status("in_transit", "departed_facility")).contains(TrackingStatus.IN_TRANSIT);
    }

    @Test
    void parcelsGoInTenthsOfInchesAndOuncesRoundedUp() {
        assertThat(EasyPostCarrierAdapter.inches(254)).isEqualByComparingTo(new BigDecimal("10.0"));
        assertThat(EasyPostCarrierAdapter.inches(255)).isEqualByComparingTo(new BigDecimal("10.1"));
        assertThat(EasyPostCarrierAdapter.ounces(1868)).isEqualByComparingTo(new BigDecimal("65.9"));
        assertThat(EasyPostCarrierAdapter.ounces(1)).isEqualByComparingTo(new BigDecimal("0.1"));
    }

    @Test
    void easyPostFieldsBecomeOurFieldNames() {
        assertThat(EasyPostClient.ourField("to_address.zip")).isEqualTo("shipTo.postalCode");
        assertThat(EasyPostClient.ourField("from_address.street1")).isEqualTo("shipFrom.line1");
        assertThat(EasyPostClient.ourField("tracking_codes")).isEqualTo("trackingNumber");
        assertThat(EasyPostClient.ourField("rate.id")).isEqualTo("rate.id");
    }

    @Test
    void theWebhookSignatureIsHexHmacOfTheBodyWithTheNfkdSecret() {
        assertThat(EasyPostSignature.sign("key", "The quick brown fox jumps over the lazy dog"
                .getBytes(StandardCharsets.UTF_8))).as("the published HMAC-SHA256 test value")
                .isEqualTo("hmac-sha256-hex=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        byte[] body = "{\"object\":\"Event\"}".getBytes(StandardCharsets.UTF_8);
        String composed = EasyPostSignature.sign("s\u00e9cret", body);
        assertThat(composed).startsWith("hmac-sha256-hex=").hasSize("hmac-sha256-hex=".length() + 64);
        assertThat(EasyPostSignature.sign("se\u0301cret", body)).as("NFKD: composed and decomposed agree")
                .isEqualTo(composed);
        assertThatCode(() -> EasyPostSignature.verify("s\u00e9cret", composed, body)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EasyPostSignature.verify("secret", composed, body))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> EasyPostSignature.verify("s\u00e9cret", composed.replace("hmac-sha256-hex=", ""),
                body)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> EasyPostSignature.verify(null, composed, body)).isInstanceOf(WebhookRejected.class);
    }
}
