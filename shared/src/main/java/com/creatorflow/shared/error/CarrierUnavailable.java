package com.creatorflow.shared.error;

/** No allowed carrier could quote or label the shipment right now. */
public final class CarrierUnavailable extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public CarrierUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public CarrierUnavailable(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
