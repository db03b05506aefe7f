package com.creatorflow.shared.error;

/** Not enough available units of a SKU to reserve an order's lines. */
public final class InsufficientStock extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final String sku;

    public InsufficientStock(String sku, String message) {
        super(message);
        this.sku = sku;
    }

    /** The SKU that is short. */
    public String sku() {
        return sku;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
