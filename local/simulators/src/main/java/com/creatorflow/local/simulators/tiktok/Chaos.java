package com.creatorflow.local.simulators.tiktok;

/**
 * The simulator's failure knobs, changeable while it runs (Java API or {@code POST /sim/chaos}): added API latency,
 * the share of calls answered 5xx or 429 (code 36009002), a full outage (every API call 503), and whether TikTok's
 * real limit of 50 requests/s per API and shop is enforced.
 */
public final class Chaos {
    private volatile int latencyMillis;
    private volatile double serverErrorRate;
    private volatile double throttleRate;
    private volatile boolean outage;
    private volatile boolean enforceRateLimit = true;

    /** Added latency per API call, in milliseconds. */
    public Chaos latencyMillis(int millis) {
        latencyMillis = Math.max(0, millis);
        return this;
    }

    /** Share (0-1) of API calls answered HTTP 500 with code 36009003. */
    public Chaos serverErrorRate(double rate) {
        serverErrorRate = clamp(rate);
        return this;
    }

    /** Share (0-1) of API calls answered HTTP 429 with code 36009002. */
    public Chaos throttleRate(double rate) {
        throttleRate = clamp(rate);
        return this;
    }

    /** While true every API call is answered HTTP 503. */
    public Chaos outage(boolean down) {
        outage = down;
        return this;
    }

    /** Whether the 50 requests/s per API and shop limit answers 429. */
    public Chaos enforceRateLimit(boolean enforce) {
        enforceRateLimit = enforce;
        return this;
    }

    /** Back to a healthy TikTok. */
    public Chaos reset() {
        latencyMillis = 0;
        serverErrorRate = 0;
        throttleRate = 0;
        outage = false;
        enforceRateLimit = true;
        return this;
    }

    public int latencyMillis() {
        return latencyMillis;
    }

    public double serverErrorRate() {
        return serverErrorRate;
    }

    public double throttleRate() {
        return throttleRate;
    }

    public boolean outage() {
        return outage;
    }

    public boolean enforceRateLimit() {
        return enforceRateLimit;
    }

    private static double clamp(double rate) {
        return Math.max(0, Math.min(1, rate));
    }
}
