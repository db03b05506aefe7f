package com.creatorflow.shared.shipping.domain;

/**
 * How one unit of a SKU ships: its packed weight and dimensions, customs code, and whether it must travel alone.
 *
 * @param sku the seller SKU
 * @param weightGrams weight of one unit
 * @param lengthMm longest side of one unit
 * @param widthMm middle side
 * @param heightMm shortest side
 * @param hsCode the Harmonized System code for customs (null for domestic-only SKUs)
 * @param shipsAlone true when a unit gets its own box (fragile, oversized, already boxed)
 */
public record SkuProfile(String sku, int weightGrams, int lengthMm, int widthMm, int heightMm, String hsCode,
                         boolean shipsAlone) {
    public SkuProfile {
        if (weightGrams <= 0 || lengthMm <= 0 || widthMm <= 0 || heightMm <= 0) {
            throw new IllegalArgumentException("SKU " + sku + " needs a positive weight and dimensions");
        }
    }

    /** The same measures for another SKU (a creator's default profile). */
    public SkuProfile forSku(String otherSku) {
        return new SkuProfile(otherSku, weightGrams, lengthMm, widthMm, heightMm, hsCode, shipsAlone);
    }
}
