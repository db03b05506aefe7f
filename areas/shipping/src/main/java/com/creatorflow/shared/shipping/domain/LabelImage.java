package com.creatorflow.shared.shipping.domain;

import java.util.Locale;

/**
 * A label as the carrier printed it, for carriers that produce their own (the direct adapters): the image format the
 * carrier returned ({@code PDF}, {@code GIF} or {@code PNG}) and its bytes. The label step stores it as a 4x6 PDF.
 *
 * @param format the carrier's image format, upper case
 * @param bytes the decoded image
 */
public record LabelImage(String format, byte[] bytes) {
    public LabelImage {
        format = format == null ? "PDF" : format.toUpperCase(Locale.ROOT);
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a carrier label needs its bytes");
        }
    }

    @Override
    public String toString() {
        return "LabelImage[" + format + ", " + bytes.length + " bytes]";
    }
}
