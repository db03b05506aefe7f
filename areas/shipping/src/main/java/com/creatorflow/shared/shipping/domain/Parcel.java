package com.creatorflow.shared.shipping.domain;

import java.util.List;

/**
 * One box as a carrier sees it: weight and outer dimensions, plus the TikTok line ids packed in it (ours, never sent
 * to the carrier).
 *
 * @param weightGrams gross weight
 * @param lengthMm longest side
 * @param widthMm middle side
 * @param heightMm shortest side
 * @param lineIds the TikTok line item ids (one per unit) inside
 */
public record Parcel(int weightGrams, int lengthMm, int widthMm, int heightMm, List<String> lineIds) {
    public Parcel {
        if (weightGrams <= 0 || lengthMm <= 0 || widthMm <= 0 || heightMm <= 0) {
            throw new IllegalArgumentException("a parcel needs a positive weight and dimensions");
        }
        lineIds = lineIds == null ? List.of() : List.copyOf(lineIds);
    }

    /** Length plus girth, the size measure carriers limit. */
    public int lengthPlusGirthMm() {
        return lengthMm + 2 * widthMm + 2 * heightMm;
    }
}
