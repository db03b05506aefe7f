package com.creatorflow.shared.shipping.domain;

/**
 * A box or mailer the creator packs in. The packer puts a parcel's contents in the smallest preset they fit
 * (measures and weight) and quotes the preset's measures plus its own weight; contents that fit no preset get a
 * box made to measure.
 *
 * @param name the creator's name for it
 * @param lengthMm inside length
 * @param widthMm inside width
 * @param heightMm inside height
 * @param weightGrams the empty box's weight
 * @param maxContentGrams the most it may carry (0: no limit of its own)
 */
public record PackagingPreset(String name, int lengthMm, int widthMm, int heightMm, int weightGrams,
                              int maxContentGrams) {
    /** Inside volume in cubic millimetres. */
    public long volume() {
        return (long) lengthMm * widthMm * heightMm;
    }
}
