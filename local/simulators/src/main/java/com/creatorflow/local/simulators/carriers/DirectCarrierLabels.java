package com.creatorflow.local.simulators.carriers;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Labels as the simulated carriers print them: a 4x6 PDF (USPS, FedEx) or a landscape GIF at 200 dpi (UPS's
 * 1200 x 800 label image), each with the carrier, service, destination and the tracking number as a Code 128 barcode
 * and in words.
 */
final class DirectCarrierLabels {
    private DirectCarrierLabels() {
    }

    /** A 4x6 PDF label. */
    static byte[] pdf(String carrier, String service, String trackingNumber, String destination) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(288, 432));
            document.addPage(page);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                text(out, bold, 18, 400, carrier + " " + service);
                text(out, regular, 11, 370, "SHIP TO: " + ascii(destination));
                BitMatrix bars = bars(trackingNumber);
                float module = 252f / bars.getWidth();
                for (int x = 0; x < bars.getWidth(); x++) {
                    if (bars.get(x, 0)) {
                        out.addRect(18 + x * module, 200, module, 90);
                    }
                }
                out.fill();
                text(out, bold, 12, 180, trackingNumber);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A landscape GIF label (UPS). */
    static byte[] gif(String carrier, String service, String trackingNumber, String destination) {
        BufferedImage image = new BufferedImage(1200, 800, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1200, 800);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
        g.drawString(carrier + " " + service, 40, 80);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 32));
        g.drawString("SHIP TO: " + ascii(destination), 40, 150);
        BitMatrix bars = bars(trackingNumber);
        int module = Math.max(2, 1100 / bars.getWidth());
        for (int x = 0; x < bars.getWidth(); x++) {
            if (bars.get(x, 0)) {
                g.fillRect(40 + x * module, 250, module, 300);
            }
        }
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 40));
        g.drawString(trackingNumber, 40, 620);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "gif", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static BitMatrix bars(String value) {
        return new Code128Writer().encode(value, BarcodeFormat.CODE_128, 0, 1);
    }

    private static void text(PDPageContentStream out, PDType1Font font, float size, float y, String value)
            throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(18, y);
        out.showText(value);
        out.endText();
    }

    private static String ascii(String value) {
        return value == null ? "" : value.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
