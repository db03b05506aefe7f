package com.creatorflow.local.sfn.asl;

import com.creatorflow.local.sfn.path.Intrinsics;
import com.creatorflow.local.sfn.path.JsonPathExpression;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.sfn.path.PayloadTemplate;
import com.creatorflow.local.sfn.path.ReferencePath;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One state of a definition, parsed and checked. Each type is a record holding exactly the fields it may have. */
public sealed interface State {
    /** The state's name. */
    String name();

    /** The States Language type name ({@code Task}, {@code Pass}, ...). */
    String type();

    /** A state that may have Retry and Catch (Task, Parallel, Map). */
    interface Recoverable {
        /** The retriers, in order. */
        List<Retrier> retry();

        /** The catchers, in order. */
        List<Catcher> catchers();
    }

    /**
     * {@code InputPath} or {@code OutputPath}: a path, or JSON null (then the result is {@code {}}).
     *
     * @param path the path; null when the field was JSON null
     */
    record DataPath(JsonPathExpression path) {
        /** The default {@code $}. */
        public static final DataPath IDENTITY = new DataPath(JsonPathExpression.compile("$"));

        /** Applies the path ({@code {}} when it was null). */
        public JsonNode apply(JsonNode data, JsonNode context) {
            if (path == null) {
                return JsonValues.NODES.objectNode();
            }
            return path.text().equals("$") ? data : path.evaluate(data, context);
        }
    }

    /**
     * {@code ResultPath}: where the result goes in the state's raw input.
     *
     * @param path the reference path; null when the field was JSON null (the result is discarded)
     */
    record ResultPath(ReferencePath path) {
        /** The default {@code $}: the result replaces the input. */
        public static final ResultPath REPLACE = new ResultPath(ReferencePath.compile("$"));

        /** Combines the raw state input with the result. */
        public JsonNode apply(JsonNode rawInput, JsonNode result) {
            return path == null ? rawInput : path.set(rawInput, result);
        }
    }

    /**
     * Where a state goes when it completes.
     *
     * @param next the next state, or null when the state ends its branch
     */
    record Transition(String next) {
        /** True when the state ends its branch. */
        public boolean end() {
            return next == null;
        }
    }

    /**
     * A retrier.
     *
     * @param errorEquals error names it matches
     * @param intervalSeconds the first interval
     * @param maxAttempts how many retries at most
     * @param backoffRate the multiplier per attempt
     * @param maxDelaySeconds the cap on an interval, or null
     * @param fullJitter whether JitterStrategy is FULL
     */
    record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
        /** The interval before retry number {@code attempt} (0-based), before jitter, in milliseconds. */
        public long delayMillis(int attempt) {
            double seconds = intervalSeconds * Math.pow(backoffRate, attempt);
            if (maxDelaySeconds != null) {
                seconds = Math.min(seconds, maxDelaySeconds);
            }
            return (long) Math.min(seconds * 1000.0, Long.MAX_VALUE / 2.0);
        }
    }

    /**
     * A catcher.
     *
     * @param errorEquals error names it matches
     * @param resultPath where the error output goes
     * @param next the state to go to
     */
    record Catcher(List<String> errorEquals, ResultPath resultPath, String next) {
    }

    /** A state machine or a branch of one: states and where to start. */
    record Branch(String startAt, java.util.Map<String, State> states) {
        /** A state by name. */
        public State state(String name) {
            return states.get(name);
        }
    }

    /** Pass. */
    record Pass(String name, DataPath inputPath, DataPath outputPath, PayloadTemplate parameters, JsonNode result,
                ResultPath resultPath, Transition transition) implements State {
        @Override
        public String type() {
            return "Pass";
        }
    }

    /** Task. */
    record Task(String name, DataPath inputPath, DataPath outputPath, PayloadTemplate parameters,
                PayloadTemplate resultSelector, ResultPath resultPath, String resource, Integer timeoutSeconds,
                JsonPathExpression timeoutSecondsPath, Integer heartbeatSeconds,
                JsonPathExpression heartbeatSecondsPath, List<Retrier> retry, List<Catcher> catchers,
                Transition transition) implements State, Recoverable {
        @Override
        public String type() {
            return "Task";
        }
    }

    /** Choice. */
    record Choice(String name, DataPath inputPath, DataPath outputPath, List<ChoiceRule> choices, String defaultNext)
            implements State {
        @Override
        public String type() {
            return "Choice";
        }
    }

    /** Wait. */
    record Wait(String name, DataPath inputPath, DataPath outputPath, Long seconds, Instant timestamp,
                JsonPathExpression secondsPath, JsonPathExpression timestampPath, Transition transition)
            implements State {
        @Override
        public String type() {
            return "Wait";
        }
    }

    /** Succeed. */
    record Succeed(String name, DataPath inputPath, DataPath outputPath) implements State {
        @Override
        public String type() {
            return "Succeed";
        }
    }

    /** Fail. */
    record Fail(String name, String error, Intrinsics.Expression errorPath, String cause,
                Intrinsics.Expression causePath) implements State {
        @Override
        public String type() {
            return "Fail";
        }
    }

    /** Parallel. */
    record Parallel(String name, DataPath inputPath, DataPath outputPath, PayloadTemplate parameters,
                    PayloadTemplate resultSelector, ResultPath resultPath, List<Branch> branches, List<Retrier> retry,
                    List<Catcher> catchers, Transition transition) implements State, Recoverable {
        @Override
        public String type() {
            return "Parallel";
        }
    }

    /**
     * Map (inline, or distributed run in-process).
     *
     * @param toleratedFailureCount failures tolerated (distributed mode), or null
     * @param toleratedFailurePercentage percentage tolerated (distributed mode), or null
     * @param distributed the distributed mode's reader, batcher and writer; null for an inline Map
     */
    record Map(String name, DataPath inputPath, DataPath outputPath, JsonPathExpression itemsPath,
               PayloadTemplate itemSelector, PayloadTemplate resultSelector, ResultPath resultPath, Branch processor,
               int maxConcurrency, JsonPathExpression maxConcurrencyPath, Integer toleratedFailureCount,
               Double toleratedFailurePercentage, DistributedMap distributed, List<Retrier> retry,
               List<Catcher> catchers, Transition transition)
            implements State, Recoverable {
        @Override
        public String type() {
            return "Map";
        }
    }
}
