package com.creatorflow.local.sfn.path;

import com.creatorflow.local.sfn.StatesError;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One JSONata expression (the text between {@code {%} and {@code %}}), compiled once with {@code com.dashjoin:jsonata}
 * and evaluated with {@code $states} and the workflow variables bound, plus the functions Step Functions adds
 * ({@code $partition}, {@code $range}, {@code $hash}, {@code $random}, {@code $uuid}, {@code $parse}); {@code $eval}
 * is not available, as in AWS. Failures are {@code States.QueryEvaluationError}.
 */
public final class JsonataExpression {
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final int MAX_DEPTH = 1_000;

    private final String text;
    private final Jsonata compiled;

    private JsonataExpression(String text, Jsonata compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    /** Compiles an expression; throws {@link IllegalArgumentException} when it is not valid JSONata. */
    public static JsonataExpression compile(String text) {
        try {
            return new JsonataExpression(text, Jsonata.jsonata(text));
        } catch (JException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The JSONata expression '" + text + "' is not valid: "
                    + e.getMessage());
        }
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /**
     * Evaluates the expression.
     *
     * @param states the {@code $states} object (input, context, result, errorOutput)
     * @param variables the workflow variables visible to the state, by name
     * @return the value, or null when the expression gives nothing (JSONata's undefined)
     */
    public JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables) {
        Object value;
        synchronized (compiled) {
            Jsonata.Frame frame = compiled.createFrame();
            frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
            frame.bind("states", toJava(states));
            variables.forEach((name, node) -> frame.bind(name, toJava(node)));
            bindAwsFunctions(frame);
            try {
                value = compiled.evaluate(null, frame);
            } catch (StatesError e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                throw StatesError.query("An error occurred while evaluating the JSONata expression '" + text
                        + "': " + e.getMessage());
            }
        }
        return value == null ? null : toJson(value);
    }

    private static void bindAwsFunctions(Jsonata.Frame frame) {
        frame.bind("eval", function((input, args) -> {
            throw StatesError.query("The function $eval is not supported; use $parse");
        }));
        frame.bind("parse", function((input, args) -> {
            Object arg = argument(args, 0, "$parse");
            if (!(arg instanceof String json)) {
                throw StatesError.query("$parse expects a JSON string");
            }
            try {
                return toJava(JsonValues.parse(json));
            } catch (IllegalArgumentException e) {
                throw StatesError.query("$parse: " + e.getMessage());
            }
        }));
        frame.bind("partition", function((input, args) -> {
            if (!(argument(args, 0, "$partition") instanceof List<?> list)
                    || !(argument(args, 1, "$partition") instanceof Number size) || size.intValue() < 1) {
                throw StatesError.query("$partition expects an array and a positive chunk size");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i += size.intValue()) {
                out.add(new ArrayList<>(list.subList(i, Math.min(list.size(), i + size.intValue()))));
            }
            return out;
        }));
        frame.bind("range", function((input, args) -> {
            Object start = argument(args, 0, "$range");
            Object end = argument(args, 1, "$range");
            Object step = argument(args, 2, "$range");
            if (!(start instanceof Number s) || !(end instanceof Number e) || !(step instanceof Number st)
                    || st.longValue() == 0) {
                throw StatesError.query("$range expects a start, an end and a non-zero step");
            }
            List<Object> out = new ArrayList<>();
            long stepValue = st.longValue();
            for (long i = s.longValue(); stepValue > 0 ? i <= e.longValue() : i >= e.longValue(); i += stepValue) {
                if (out.size() >= 1000) {
                    throw StatesError.query("$range produces at most 1000 items");
                }
                out.add(i);
            }
            return out;
        }));
        frame.bind("hash", function((input, args) -> {
            if (!(argument(args, 0, "$hash") instanceof String data)
                    || !(argument(args, 1, "$hash") instanceof String algorithm)) {
                throw StatesError.query("$hash expects a string and an algorithm name");
            }
            if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
                throw StatesError.query("$hash: unsupported algorithm " + algorithm
                        + " (MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
            }
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                        .digest(data.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw StatesError.query("$hash: " + e.getMessage());
            }
        }));
        frame.bind("random", function((input, args) -> {
            if (!args.isEmpty() && args.get(0) instanceof Number seed) {
                return new Random(seed.longValue()).nextDouble();
            }
            return ThreadLocalRandom.current().nextDouble();
        }));
        frame.bind("uuid", function((input, args) -> UUID.randomUUID().toString()));
    }

    private static Jsonata.JFunction function(Jsonata.JFunctionCallable body) {
        return new Jsonata.JFunction(body, null);
    }

    private static Object argument(List<?> args, int index, String function) {
        if (args == null || args.size() <= index || args.get(index) == null) {
            throw StatesError.query(function + " is missing argument " + (index + 1));
        }
        return args.get(index);
    }

    /** Jackson to the values the JSONata library works on (maps, lists, numbers, strings, booleans, its null). */
    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                out.put(entry.getKey(), toJava(entry.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(item -> out.add(toJava(item)));
            return out;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue().doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** A JSONata value as JSON: integral numbers without a fraction, as JavaScript writes them. */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return JsonValues.NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = JsonValues.NODES.objectNode();
            map.forEach((key, item) -> {
                if (!(item instanceof Jsonata.JFunction)) {
                    out.set(String.valueOf(key), toJson(item));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = JsonValues.NODES.arrayNode();
            for (Object item : list) {
                out.add(toJson(item));
            }
            return out;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof Boolean bool) {
            return JsonValues.NODES.booleanNode(bool);
        }
        if (value instanceof CharSequence text) {
            return JsonValues.NODES.textNode(text.toString());
        }
        throw StatesError.query("The JSONata expression gave a value that is not JSON: " + value.getClass()
                .getSimpleName());
    }

    private static JsonNode number(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte) {
            return JsonValues.NODES.numberNode(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return JsonValues.NODES.numberNode(big);
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw StatesError.query("The JSONata expression gave a number JSON cannot hold: " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
            return JsonValues.NODES.numberNode((long) d);
        }
        if (number instanceof BigDecimal decimal) {
            return JsonValues.NODES.numberNode(decimal);
        }
        return JsonValues.NODES.numberNode(BigDecimal.valueOf(d));
    }
}
