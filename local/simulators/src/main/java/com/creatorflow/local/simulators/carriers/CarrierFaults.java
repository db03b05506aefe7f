package com.creatorflow.local.simulators.carriers;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults and latency of one simulated carrier, changeable at any time from tests or the control API: a full
 * outage (every call 503), the next N calls failing with a status, the next N calls hanging past any client timeout,
 * and a latency range applied to every call.
 */
public final class CarrierFaults {
    private volatile boolean down;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private final AtomicInteger hangNext = new AtomicInteger();
    private volatile Duration hang = Duration.ofSeconds(3);
    private volatile Duration minLatency = Duration.ZERO;
    private volatile Duration maxLatency = Duration.ZERO;
    private volatile Duration retryAfter = Duration.ofSeconds(1);

    /** Takes the carrier down (every call answers 503) or brings it back. */
    public CarrierFaults outage(boolean isDown) {
        down = isDown;
        return this;
    }

    /** The next {@code count} calls answer {@code status}. */
    public CarrierFaults failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
        return this;
    }

    /** The next {@code count} calls hang for {@code duration} before answering 504. */
    public CarrierFaults hangNext(int count, Duration duration) {
        hang = duration;
        hangNext.set(count);
        return this;
    }

    /** Every call waits between {@code min} and {@code max} before it is served. */
    public CarrierFaults latency(Duration min, Duration max) {
        minLatency = min;
        maxLatency = max.compareTo(min) < 0 ? min : max;
        return this;
    }

    /** What a 429 answer asks the client to wait ({@code Retry-After}, whole seconds; 1 s by default). */
    public CarrierFaults retryAfter(Duration wait) {
        retryAfter = wait;
        return this;
    }

    /** The wait a 429 answer asks for. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Clears every fault and the latency. */
    public CarrierFaults clear() {
        down = false;
        failNext.set(0);
        hangNext.set(0);
        minLatency = Duration.ZERO;
        maxLatency = Duration.ZERO;
        retryAfter = Duration.ofSeconds(1);
        return this;
    }

    /** True while the carrier is down. */
    public boolean isDown() {
        return down;
    }

    /** The status the call must fail with, or 0 to serve it. */
    int takeFailure() {
        return failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failStatus : 0;
    }

    /** How long the call must hang, or zero. */
    Duration takeHang() {
        return hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? hang : Duration.ZERO;
    }

    /** A latency drawn from the range. */
    Duration drawLatency() {
        long min = minLatency.toMillis();
        long max = maxLatency.toMillis();
        return Duration.ofMillis(max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }
}
