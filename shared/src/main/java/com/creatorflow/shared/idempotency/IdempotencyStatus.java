package com.creatorflow.shared.idempotency;

/** The state of an idempotency record, as Powertools names them: claimed and running, or done with a result. */
public enum IdempotencyStatus {
    /** Someone claimed the key and is working on it; a duplicate must not start the work again. */
    INPROGRESS,
    /** The work finished; a duplicate gets the stored result. */
    COMPLETED
}
