package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CheckDigits;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every carrier's tracking-number format against published valid examples and near misses (wrong check digit). */
class TrackingNumberFormatTest {
    private static final Map<Carrier, List<String>> VALID = Map.of(
            Carrier.USPS, List.of("9400 1112 0108 0805 4830 16", "9361289878700317633795", "9405803699300124287899",
                    "03071790000523483741", "EE123456785US", "RR473124829US"),
            Carrier.UPS, List.of("1Z5R89390357567127", "1Z879E930346834440", "1Z410E7W0392751591",
                    "1z8v92a70367203024"),
            Carrier.FEDEX, List.of("986578788855", "477179081230", "799531274483", "0414 4176 0228 964",
                    "568283610012000", "61299998820821171811", "9611020987654312345672"),
            Carrier.DHL_EXPRESS, List.of("3318810025", "8487135506", "1099255990", "3821724944"),
            Carrier.DHL_ECOMMERCE, List.of("GM2951173225174494", "GM295117494011169042"),
            Carrier.ONTRAC, List.of("C11031500001879", "C10999911320231", "D10011354453707", "D10011342332145"),
            Carrier.AMAZON_SHIPPING, List.of("TBA502887274000", "TBA000000000000"),
            Carrier.CANADA_POST, List.of("0073938000549297", "EE123456785CA"),
            Carrier.ROYAL_MAIL, List.of("RB123456785GB", "AA473124829GB"));

    private static final Map<Carrier, List<String>> INVALID = Map.of(
            Carrier.USPS, List.of("9400 1112 0108 0805 4830 17", "03071790000523483742", "EE123456786US",
                    "EE123456785GB", "940011120108"),
            Carrier.UPS, List.of("1Z5R89390357567128", "2Z5R89390357567127", "1A5R89390357567127",
                    "1Z1111111111111111", "1Z5R8939035756712"),
            Carrier.FEDEX, List.of("996578788855", "568283610012732", "9261292700768711948020", "12345"),
            Carrier.DHL_EXPRESS, List.of("3318810010", "3318810034", "33188100251"),
            Carrier.DHL_ECOMMERCE, List.of("GS295117494011169041", "GM12345", "2951173225174494"),
            Carrier.ONTRAC, List.of("C11031500001889", "C10000000000000", "D10011345983012", "X11031500001879"),
            Carrier.AMAZON_SHIPPING, List.of("TBA50288727400A", "TBB000000000000", "TBA00000000000"),
            Carrier.CANADA_POST, List.of("0073938000549292", "EE123456785US"),
            Carrier.ROYAL_MAIL, List.of("RB123456786GB", "RB123456785US", "RB12345678GB"));

    @Test
    void acceptsPublishedExamplesOfEveryCarrier() {
        assertThat(VALID.keySet()).containsExactlyInAnyOrder(Carrier.values());
        VALID.forEach((carrier, numbers) -> numbers.forEach(number ->
                assertThat(carrier.isValidTrackingNumber(number)).as(carrier + " " + number).isTrue()));
    }

    @Test
    void refusesWrongCheckDigitsAndShapes() {
        assertThat(INVALID.keySet()).containsExactlyInAnyOrder(Carrier.values());
        INVALID.forEach((carrier, numbers) -> numbers.forEach(number ->
                assertThat(carrier.isValidTrackingNumber(number)).as(carrier + " " + number).isFalse()));
    }

    @Test
    void checkDigitAlgorithmsMatchTheirDefinitions() {
        assertThat(CheckDigits.s10("47312482")).isEqualTo(9);
        assertThat(CheckDigits.s10("12345678")).isEqualTo(5);
        assertThat(CheckDigits.mod10("5R8939035756712", 1, 2)).isEqualTo(7);
        assertThat(CheckDigits.mod7("331881002")).isEqualTo(5);
        assertThat(CheckDigits.mod11("98657878885", new int[] {3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1})).isEqualTo(5);
    }

    @Test
    void everyCarrierHasServicesAndDistinctStatusCodes() {
        for (Carrier carrier : Carrier.values()) {
            assertThat(carrier.services()).as(carrier + " services").isNotEmpty();
            assertThat(Carrier.ofCode(carrier.code())).isEqualTo(carrier);
            for (TrackingStatus status : TrackingStatus.values()) {
                assertThat(carrier.statusOf(carrier.nativeCode(status))).as(carrier + " " + status).contains(status);
            }
        }
        assertThat(Carrier.DHL_ECOMMERCE.envPrefix()).isEqualTo("CARRIER_DHL_ECOMMERCE");
        assertThat(Carrier.USPS.servicesFor("US", "CA")).extracting(ServiceLevel::code)
                .containsExactly("PRIORITY_MAIL_INTERNATIONAL");
        assertThat(Carrier.ROYAL_MAIL.servicesFor("US", "US")).isEmpty();
    }
}
