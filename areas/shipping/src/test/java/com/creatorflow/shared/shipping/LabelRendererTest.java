package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.LabelRenderer;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.LabelImage;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code128Writer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
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

    /** A landscape GIF as UPS prints its 4x6 labels (1200 x 800), with a Code 128 barcode of a tracking number. */
    private static byte[] upsStyleGif(String trackingNumber) throws Exception {
        BitMatrix bars = new Code128Writer().encode(trackingNumber, BarcodeFormat.CODE_128, 0, 1);
        BufferedImage image = new BufferedImage(1200, 800, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1200, 800);
        g.setColor(Color.BLACK);
        int module = 1100 / bars.getWidth();
        for (int x = 0; x < bars.getWidth(); x++) {
            if (bars.get(x, 0)) {
                g.fillRect(40 + x * module, 250, module, 300);
            }
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "gif", bytes);
        return bytes.toByteArray();
    }

    @Test
    void aCarriersLandscapeGifBecomesAnUpright4x6PdfWhoseBarcodeStillDecodes() throws Exception {
        byte[] pdf = renderer.carrierLabel(new LabelImage("GIF", upsStyleGif("1Z5R89390357567127")));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDPage page = document.getPage(0);
            assertThat(page.getMediaBox().getWidth()).isEqualTo(288f);
            assertThat(page.getMediaBox().getHeight()).isEqualTo(432f);
            BufferedImage rendered = new PDFRenderer(document).renderImageWithDPI(0, 203, ImageType.GRAY);
            BufferedImage turnedBack = new BufferedImage(rendered.getHeight(), rendered.getWidth(),
                    BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = turnedBack.createGraphics();
            g.rotate(-Math.PI / 2);
            g.translate(-rendered.getWidth(), 0);
            g.drawImage(rendered, 0, 0, null);
            g.dispose();
            assertThat(decode(turnedBack, BarcodeFormat.CODE_128).getText()).isEqualTo("1Z5R89390357567127");
        }
    }

    @Test
    void aCarriersPdfIsKeptAsItCameAndZplIsRefused() {
        byte[] carrierPdf = renderer.render(new LabelRenderer.LabelDocument("1", 1, 1, Carrier.FEDEX, "Ground",
                "986578788855", ShippingSamples.SHIP_FROM, TO, 400));
        assertThat(renderer.carrierLabel(new LabelImage("pdf", carrierPdf))).isSameAs(carrierPdf);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> renderer.carrierLabel(
                new LabelImage("ZPL", "^XA^XZ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZPL");
    }
}
