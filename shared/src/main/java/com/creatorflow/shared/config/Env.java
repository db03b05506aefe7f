package com.creatorflow.shared.config;

import com.creatorflow.shared.aws.AwsClients;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a function runs with: its environment variables (as wired in template.yaml) and the AWS
 * clients built from them. In Lambda it is the process environment; the local runtime builds one per function from
 * the same template, so handler code never knows where it runs.
 */
public final class Env {
    private static volatile Env system;

    private final Map<String, String> variables;
    private final AwsClients aws;

    private Env(Map<String, String> variables, AwsClients aws) {
        this.variables = Map.copyOf(variables);
        this.aws = aws;
    }

    /** The process environment with clients for it, created once per process. */
    public static Env system() {
        Env current = system;
        if (current == null) {
            synchronized (Env.class) {
                current = system;
                if (current == null) {
                    current = new Env(System.getenv(), AwsClients.fromEnvironment(System.getenv()));
                    system = current;
                    SnapStartPriming.register(current);
                }
            }
        }
        return current;
    }

    /** An explicit environment (local runtime, tests) sharing the given clients. */
    public static Env of(Map<String, String> variables, AwsClients aws) {
        return new Env(variables, aws);
    }

    /** A copy with more variables, the given ones winning. */
    public Env with(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(variables);
        merged.putAll(more);
        return new Env(merged, aws);
    }

    /** The value of a variable that must be set. */
    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set (wire it in template.yaml)");
        }
        return value;
    }

    /** The value of an optional variable. */
    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The value of a variable, or a fallback. */
    public String get(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    /** An integer variable, or a fallback. */
    public int getInt(String name, int fallback) {
        return optional(name).map(Integer::parseInt).orElse(fallback);
    }

    /** A duration in seconds, or a fallback. */
    public Duration getSeconds(String name, Duration fallback) {
        return optional(name).map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(fallback);
    }

    /** A boolean variable, or a fallback. */
    public boolean getBoolean(String name, boolean fallback) {
        return optional(name).map(Boolean::parseBoolean).orElse(fallback);
    }

    /** The AWS clients for this environment. */
    public AwsClients aws() {
        return aws;
    }

    /** Every variable (for building child environments). */
    public Map<String, String> variables() {
        return variables;
    }
}
