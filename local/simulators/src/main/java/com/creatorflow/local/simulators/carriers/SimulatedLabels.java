package com.creatorflow.local.simulators.carriers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The label files the EasyPost simulator serves for a bought shipment: a one-page 4x6 inch PDF (written by hand,
 * Helvetica text), a 4x6 PNG at 100 dpi with bars for the tracking code, and a ZPL II program with a Code 128 barcode.
 */
final class SimulatedLabels {
    private SimulatedLabels() {
    }

    /** A 4x6 PDF naming the carrier, service, tracking code, sender, destination and the shipper's reference. */
    static byte[] pdf(String carrier, String service, String trackingCode, String sender, String destination,
                      String reference) {
        List<String> lines = List.of("SIMULATED LABEL - EasyPost test mode", carrier + " " + service,
                "TRACKING #: " + trackingCode, "FROM: " + sender, "SHIP TO: " + destination, "REF: " + reference);
        StringBuilder content = new StringBuilder("BT /F1 12 Tf 18 400 Td 16 TL\n");
        for (String line : lines) {
            content.append('(').append(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
                    .append(") Tj T*\n");
        }
        content.append("ET\n");
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.toString().getBytes(StandardCharsets.ISO_8859_1).length + " >>\nstream\n"
                        + content + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.toString().getBytes(StandardCharsets.ISO_8859_1).length);
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.toString().getBytes(StandardCharsets.ISO_8859_1).length;
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(o -> pdf.append(String.format("%010d 00000 n \n", o)));
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A 400 x 600 PNG with a bar per character of the tracking code. */
    static byte[] png(String trackingCode) {
        BufferedImage image = new BufferedImage(400, 600, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 600);
        g.setColor(Color.BLACK);
        g.drawRect(5, 5, 389, 589);
        int x = 20;
        for (char c : trackingCode.toCharArray()) {
            int width = 1 + c % 4;
            g.fillRect(x, 420, width, 120);
            x += width + 3;
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ZPL II label with the carrier, service and a Code 128 barcode of the tracking code. */
    static byte[] zpl(String carrier, String service, String trackingCode) {
        return ("^XA\n^FO40,40^A0N,40,40^FD" + carrier + " " + service + "^FS\n^FO40,120^BCN,120,Y,N,N^FD"
                + trackingCode + "^FS\n^XZ\n").getBytes(StandardCharsets.US_ASCII);
    }
}
