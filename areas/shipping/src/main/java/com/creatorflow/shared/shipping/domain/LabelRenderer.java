package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.LabelImage;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Renders a shipping label as a 4x6 inch PDF page (288 x 432 points, the thermal-printer size): carrier and service,
 * ship-from, ship-to, the tracking number as a Code 128 barcode drawn as vector bars (crisp at any printer
 * resolution) with the number in words, a QR code with carrier, tracking number and order, and the order, package and
 * weight. Text uses the standard Helvetica fonts; characters they cannot show are transliterated or replaced by '?'.
 * The fonts are set up once per renderer (they are not embedded, so every document can use them); a renderer serves
 * one thread, as a handler instance does.
 */
public final class LabelRenderer {
    private static final float WIDTH = 4 * 72f;
    private static final float HEIGHT = 6 * 72f;
    private static final float MARGIN = 14f;

    private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    /**
     * What a label shows.
     *
     * @param orderId the order
     * @param packageNumber this package's number (1-based)
     * @param packageCount packages in the shipment
     * @param carrier the carrier
     * @param serviceName the service's name
     * @param trackingNumber the tracking number
     * @param shipFrom the creator's address
     * @param shipTo the buyer's address (decrypted only to print it)
     * @param weightGrams the parcel's weight
     */
    public record LabelDocument(String orderId, int packageNumber, int packageCount, Carrier carrier,
                                String serviceName, String trackingNumber, Address shipFrom, Address shipTo,
                                int weightGrams) {
        @Override
        public String toString() {
            return "LabelDocument[" + orderId + " " + carrier + " " + trackingNumber + "]";
        }
    }

    /**
     * A label the carrier printed, as a 4x6 PDF: a PDF as it came, a GIF or PNG image placed on a 4x6 page (turned
     * upright when the carrier sent it landscape, as UPS does) at its full resolution.
     */
    public byte[] carrierLabel(LabelImage label) {
        if (label.format().equals("PDF")) {
            return label.bytes();
        }
        if (!label.format().equals("GIF") && !label.format().equals("PNG")) {
            throw new IllegalArgumentException("a " + label.format() + " label cannot be stored as PDF");
        }
        try (PDDocument document = new PDDocument()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(label.bytes()));
            if (image == null) {
                throw new IllegalArgumentException("the carrier's " + label.format() + " label is not readable");
            }
            if (image.getWidth() > image.getHeight()) {
                image = upright(image);
            }
            PDPage page = new PDPage(new PDRectangle(WIDTH, HEIGHT));
            document.addPage(page);
            PDImageXObject picture = LosslessFactory.createFromImage(document, image);
            float scale = Math.min(WIDTH / image.getWidth(), HEIGHT / image.getHeight());
            float width = image.getWidth() * scale;
            float height = image.getHeight() * scale;
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                out.drawImage(picture, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage upright(BufferedImage landscape) {
        BufferedImage turned = new BufferedImage(landscape.getHeight(), landscape.getWidth(),
                BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = turned.createGraphics();
        g.translate(landscape.getHeight(), 0);
        g.rotate(Math.PI / 2);
        g.drawImage(landscape, 0, 0, null);
        g.dispose();
        return turned;
    }

    /** The label as PDF bytes. */
    public byte[] render(LabelDocument label) {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(label.carrier().displayName() + " label " + label.trackingNumber());
            info.setCreator("CreatorFlow");
            PDPage page = new PDPage(new PDRectangle(WIDTH, HEIGHT));
            document.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                float y = HEIGHT - MARGIN - 16;
                text(out, bold, 18, MARGIN, y, label.carrier().displayName().toUpperCase(java.util.Locale.ROOT));
                text(out, bold, 10, MARGIN, y - 15, label.serviceName());
                text(out, regular, 9, WIDTH - MARGIN - 70, y, "PKG " + label.packageNumber() + " OF "
                        + label.packageCount());
                y -= 24;
                rule(out, y);

                y -= 11;
                text(out, bold, 7, MARGIN, y, "FROM:");
                for (String line : lines(label.shipFrom())) {
                    text(out, regular, 8, MARGIN + 28, y, line);
                    y -= 9.5f;
                }
                y -= 2;
                rule(out, y);

                y -= 14;
                text(out, bold, 9, MARGIN, y, "SHIP TO:");
                y -= 17;
                List<String> to = lines(label.shipTo());
                for (int i = 0; i < to.size(); i++) {
                    text(out, i == 0 ? bold : regular, i == 0 ? 14 : 12, MARGIN + 10, y, to.get(i));
                    y -= 15;
                }
                y -= 2;
                rule(out, y);

                y -= 10;
                float barcodeHeight = 72;
                barcode(out, label.trackingNumber(), y - barcodeHeight, barcodeHeight);
                y -= barcodeHeight + 13;
                centred(out, bold, 11, y, "TRACKING #: " + label.trackingNumber());
                y -= 8;
                rule(out, y);

                float qrSize = 78;
                qr(out, label.carrier().code() + "|" + label.trackingNumber() + "|" + label.orderId(),
                        MARGIN - 4, MARGIN - 4, qrSize);
                float x = MARGIN + qrSize + 6;
                float infoY = MARGIN + qrSize - 14;
                text(out, bold, 9, x, infoY, "ORDER " + label.orderId());
                text(out, regular, 9, x, infoY - 13, "Package " + label.packageNumber() + " of "
                        + label.packageCount());
                text(out, regular, 9, x, infoY - 26, String.format(java.util.Locale.ROOT, "Weight %.2f kg",
                        label.weightGrams() / 1000.0));
                text(out, regular, 7, x, infoY - 39, "Printed by CreatorFlow");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the label of order " + label.orderId(), e);
        }
    }

    private static List<String> lines(Address address) {
        List<String> lines = new ArrayList<>();
        if (address == null) {
            return lines;
        }
        add(lines, address.name());
        add(lines, address.line1());
        add(lines, address.line2());
        String cityLine = String.join(" ", nonBlank(address.city() == null ? null : address.city()
                + (address.region() == null || address.region().isBlank() ? "" : ","), address.region(),
                address.postalCode()));
        add(lines, cityLine);
        add(lines, address.country());
        return lines;
    }

    private static List<String> nonBlank(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                kept.add(part.trim());
            }
        }
        return kept;
    }

    private static void add(List<String> lines, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(value.trim());
        }
    }

    private static void rule(PDPageContentStream out, float y) throws IOException {
        out.setLineWidth(1.2f);
        out.moveTo(MARGIN - 6, y);
        out.lineTo(WIDTH - MARGIN + 6, y);
        out.stroke();
    }

    private static void text(PDPageContentStream out, PDFont font, float size, float x, float y, String value)
            throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(printable(font, fit(font, size, value, WIDTH - x - MARGIN + 6)));
        out.endText();
    }

    private static void centred(PDPageContentStream out, PDFont font, float size, float y, String value)
            throws IOException {
        String shown = printable(font, value);
        float width = font.getStringWidth(shown) / 1000 * size;
        text(out, font, size, Math.max(MARGIN, (WIDTH - width) / 2), y, shown);
    }

    private static String fit(PDFont font, float size, String value, float maxWidth) throws IOException {
        String shown = printable(font, value);
        while (shown.length() > 1 && font.getStringWidth(shown) / 1000 * size > maxWidth) {
            shown = shown.substring(0, shown.length() - 1);
        }
        return shown;
    }

    /** Text the font can show: accents removed where that helps, anything else as '?'. */
    static String printable(PDFont font, String value) {
        String stripped = Normalizer.normalize(value == null ? "" : value, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "");
        StringBuilder out = new StringBuilder(stripped.length());
        stripped.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                out.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static void barcode(PDPageContentStream out, String value, float y, float height) throws IOException {
        boolean[] modules = new Code128Writer().encode(value);
        float available = WIDTH - 2 * MARGIN;
        float module = Math.min(1.6f, available / modules.length);
        float x = (WIDTH - module * modules.length) / 2;
        int i = 0;
        while (i < modules.length) {
            if (!modules[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < modules.length && modules[i]) {
                i++;
            }
            out.addRect(x + start * module, y, (i - start) * module, height);
        }
        out.fill();
    }

    private static void qr(PDPageContentStream out, String value, float x, float y, float size) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(value, BarcodeFormat.QR_CODE, 0, 0);
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode the QR code", e);
        }
        float cell = size / matrix.getWidth();
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int col = 0; col < matrix.getWidth(); col++) {
                if (matrix.get(col, row)) {
                    out.addRect(x + col * cell, y + size - (row + 1) * cell, cell, cell);
                }
            }
        }
        out.fill();
    }
}
