package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.error.CarrierUnavailable;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One adapter's retry and circuit breaker (resilience4j), shared by every {@link CarrierAdapter} implementation:
 * a {@link TransientCarrierError} (timeout, connection failure, 408, 429, 5xx) is retried, then reported as
 * {@link CarrierUnavailable}; after at least 5 calls of which half failed the circuit opens and calls fail at once
 * for {@code circuitOpen}, so rate shopping fails over without waiting.
 */
public final class CarrierResilience {
    private final String name;
    private final Retry retry;
    private final CircuitBreaker breaker;

    /**
     * @param name what the messages call the adapter ({@code UPS via EasyPost})
     * @param attempts tries per call (1 = no retry)
     * @param retryWait pause between tries
     * @param circuitOpen how long the circuit stays open
     */
    public CarrierResilience(String name, int attempts, Duration retryWait, Duration circuitOpen) {
        this.name = name;
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(Math.max(1, attempts))
                .waitDuration(retryWait)
                .retryOnException(e -> e instanceof TransientCarrierError)
                .build());
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(circuitOpen)
                .recordException(e -> e instanceof TransientCarrierError || e instanceof CarrierUnavailable)
                .build());
    }

    /** Runs one carrier call under the retry and the circuit breaker. */
    public <T> T call(Supplier<T> attempt) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, attempt));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new CarrierUnavailable(name + " keeps failing; its circuit is open", e);
        } catch (TransientCarrierError e) {
            throw new CarrierUnavailable(name + " is unavailable: " + e.getMessage(), e);
        }
    }

    /** The circuit breaker's state (CLOSED, OPEN, HALF_OPEN), for health and tests. */
    public String circuitState() {
        return breaker.getState().name();
    }

    /** A failure a retry may fix (timeout, connection failure, 408, 429, 5xx); thrown by adapters' HTTP code. */
    public static final class TransientCarrierError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TransientCarrierError(String message) {
            super(message, null, false, false);
        }
    }
}
