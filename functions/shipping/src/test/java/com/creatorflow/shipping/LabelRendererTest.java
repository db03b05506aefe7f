package com.creatorflow.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.carrier.Carrier;
import com.creatorflow.shared.testing.ShippingSamples;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** A label is a real 4x6 PDF: its text parses back and its barcodes decode to the tracking number. */
class LabelRendererTest {
    private static final Address TO = new Address("Zoë Đặng-Müller", "+1 213 555 0142", "1200 Sunset Blvd", "Apt 4",
            "Los Angeles", "CA", "90026", "US");
    private final LabelRenderer renderer = new LabelRenderer();

    private static Result decode(BufferedImage image, BarcodeFormat format) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(format),
                DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    @Test
    void isOneFourBySixPageWithAddressesOrderAndService() throws Exception {
        byte[] pdf = renderer.render(new LabelRenderer.LabelDocument("576461413038785752", 1, 2, Carrier.UPS,
                "UPS Ground", "1Z5R89390357567127", ShippingSamples.SHIP_FROM, TO, 610));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            PDPage page = document.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(288f);
            assertThat(page.getMediaBox().getHeight()).isEqualTo(432f);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("UPS Ground", "SHIP TO:", "Zoe Đang-Muller".replace("Đ", "?"),
                    "1200 Sunset Blvd", "Apt 4", "Los Angeles, CA 90026", "Glow Studio", "800 Traction Ave",
                    "ORDER 576461413038785752", "Package 1 of 2", "Weight 0.61 kg", "1Z5R89390357567127");
        }
    }

    @Test
    void itsBarcodeDecodesToTheTrackingNumberForEveryCarrierFormat() throws Exception {
        Map<Carrier, String> numbers = Map.of(Carrier.UPS, "1Z5R89390357567127",
                Carrier.USPS, "9400111201080805483016", Carrier.ROYAL_MAIL, "RB123456785GB",
                Carrier.FEDEX, "986578788855", Carrier.DHL_ECOMMERCE, "GM295117494011169042");
        for (Map.Entry<Carrier, String> entry : numbers.entrySet()) {
            byte[] pdf = renderer.render(new LabelRenderer.LabelDocument("576461413038785752", 1, 1, entry.getKey(),
                    "Service", entry.getValue(), ShippingSamples.SHIP_FROM, TO, 400));
            try (PDDocument document = Loader.loadPDF(pdf)) {
                BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, 203, ImageType.GRAY);
                assertThat(decode(image, BarcodeFormat.CODE_128).getText()).as(entry.getKey().name())
                        .isEqualTo(entry.getValue());
                assertThat(decode(image, BarcodeFormat.QR_CODE).getText())
                        .isEqualTo(entry.getKey().code() + "|" + entry.getValue() + "|576461413038785752");
            }
        }
    }
}
