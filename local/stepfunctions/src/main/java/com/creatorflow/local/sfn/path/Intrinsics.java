package com.creatorflow.local.sfn.path;

import com.creatorflow.local.sfn.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The States Language intrinsic functions ({@code States.Format(...)}, {@code States.Array(...)}, ...): a parser that
 * turns a call into a tree at definition time, and the functions themselves. Arguments are string literals in single
 * quotes (with {@code \'}, {@code \{}, {@code \}} and {@code \\} escapes), numbers, {@code null}, booleans, paths
 * ({@code $.x}, {@code $$.x}) and nested calls.
 */
public final class Intrinsics {
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, Integer.MAX_VALUE}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, Integer.MAX_VALUE}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));
    private static final Map<String, String> HASHES = Map.of("MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256",
            "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private Intrinsics() {
    }

    /** True when a {@code .$} value is an intrinsic call rather than a path. */
    public static boolean isCall(String text) {
        return text.startsWith("States.");
    }

    /** Parses a call; throws {@link IllegalArgumentException} with a readable message when it is malformed. */
    public static Expression parse(String text) {
        Parser parser = new Parser(text);
        Expression call = parser.call();
        parser.skipSpaces();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the call");
        }
        return call;
    }

    /** A parsed argument or call. */
    public interface Expression {
        /** Evaluates against the data and the context object. */
        JsonNode evaluate(JsonNode data, JsonNode context);
    }

    private record Literal(JsonNode value, String raw) implements Expression {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            return value;
        }
    }

    private record PathArgument(JsonPathExpression path) implements Expression {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            return path.evaluate(data, context);
        }
    }

    private record Call(String name, List<Expression> arguments, String text) implements Expression {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            List<JsonNode> values = new ArrayList<>(arguments.size());
            for (Expression argument : arguments) {
                values.add(argument.evaluate(data, context));
            }
            try {
                return apply(this, values);
            } catch (StatesError e) {
                throw e;
            } catch (RuntimeException e) {
                throw fail(this, e.getMessage());
            }
        }
    }

    private static StatesError fail(Call call, String why) {
        return StatesError.runtime("The function '" + call.text + "' had the following error: " + why);
    }

    private static JsonNode apply(Call call, List<JsonNode> args) {
        return switch (call.name) {
            case "States.Format" -> format(call, args);
            case "States.StringToJson" -> JsonValues.parse(string(call, args, 0));
            case "States.JsonToString" -> JsonValues.NODES.textNode(JsonValues.write(args.get(0)));
            case "States.Array" -> {
                ArrayNode out = JsonValues.NODES.arrayNode();
                args.forEach(out::add);
                yield out;
            }
            case "States.ArrayPartition" -> {
                ArrayNode array = array(call, args, 0);
                int size = integer(call, args, 1);
                if (size <= 0) {
                    throw fail(call, "the chunk size must be greater than 0");
                }
                ArrayNode out = JsonValues.NODES.arrayNode();
                ArrayNode chunk = null;
                for (int i = 0; i < array.size(); i++) {
                    if (i % size == 0) {
                        chunk = out.addArray();
                    }
                    chunk.add(array.get(i));
                }
                yield out;
            }
            case "States.ArrayContains" -> {
                ArrayNode array = array(call, args, 0);
                boolean found = false;
                for (JsonNode item : array) {
                    found |= sameValue(item, args.get(1));
                }
                yield JsonValues.NODES.booleanNode(found);
            }
            case "States.ArrayRange" -> {
                int start = integer(call, args, 0);
                int end = integer(call, args, 1);
                int step = integer(call, args, 2);
                if (step == 0) {
                    throw fail(call, "the step must not be 0");
                }
                ArrayNode out = JsonValues.NODES.arrayNode();
                for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
                    if (out.size() == 1000) {
                        throw fail(call, "the range has more than 1000 items");
                    }
                    out.add((int) i);
                }
                yield out;
            }
            case "States.ArrayGetItem" -> {
                ArrayNode array = array(call, args, 0);
                int index = integer(call, args, 1);
                if (index < 0 || index >= array.size()) {
                    throw fail(call, "the index " + index + " is out of bounds for an array of length "
                            + array.size());
                }
                yield array.get(index);
            }
            case "States.ArrayLength" -> JsonValues.NODES.numberNode(array(call, args, 0).size());
            case "States.ArrayUnique" -> {
                ArrayNode out = JsonValues.NODES.arrayNode();
                for (JsonNode item : array(call, args, 0)) {
                    boolean seen = false;
                    for (JsonNode kept : out) {
                        seen |= sameValue(kept, item);
                    }
                    if (!seen) {
                        out.add(item);
                    }
                }
                yield out;
            }
            case "States.Base64Encode" -> {
                String value = string(call, args, 0);
                if (value.length() > 10_000) {
                    throw fail(call, "the input is longer than 10000 characters");
                }
                yield JsonValues.NODES.textNode(Base64.getEncoder().encodeToString(
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode" -> {
                try {
                    yield JsonValues.NODES.textNode(new String(Base64.getDecoder().decode(string(call, args, 0)),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw fail(call, "the input is not valid base64");
                }
            }
            case "States.Hash" -> hash(call, args);
            case "States.JsonMerge" -> {
                if (!args.get(0).isObject() || !args.get(1).isObject()) {
                    throw fail(call, "both values to merge must be JSON objects");
                }
                if (!args.get(2).isBoolean()) {
                    throw fail(call, "the third argument must be a boolean");
                }
                if (args.get(2).asBoolean()) {
                    throw fail(call, "deep merging is not supported (the third argument must be false)");
                }
                ObjectNode out = JsonValues.NODES.objectNode();
                out.setAll((ObjectNode) args.get(0));
                out.setAll((ObjectNode) args.get(1));
                yield out;
            }
            case "States.MathRandom" -> {
                int start = integer(call, args, 0);
                int end = integer(call, args, 1);
                if (end <= start) {
                    throw fail(call, "the end must be greater than the start");
                }
                Random random = args.size() == 3 ? new Random(integer(call, args, 2)) : ThreadLocalRandom.current();
                yield JsonValues.NODES.numberNode(start + random.nextInt(end - start));
            }
            case "States.MathAdd" -> {
                BigDecimal sum = number(call, args, 0).add(number(call, args, 1));
                yield sum.stripTrailingZeros().scale() <= 0
                        ? JsonValues.NODES.numberNode(sum.toBigIntegerExact().longValueExact())
                        : JsonValues.NODES.numberNode(sum);
            }
            case "States.StringSplit" -> {
                String value = string(call, args, 0);
                String delimiters = string(call, args, 1);
                ArrayNode out = JsonValues.NODES.arrayNode();
                java.util.StringTokenizer tokens = new java.util.StringTokenizer(value, delimiters);
                while (tokens.hasMoreTokens()) {
                    out.add(tokens.nextToken());
                }
                yield out;
            }
            case "States.UUID" -> JsonValues.NODES.textNode(UUID.randomUUID().toString());
            default -> throw fail(call, "unknown function");
        };
    }

    /** JSON equality where numbers compare by value (1 equals 1.0). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(NUMERIC, b);
    }

    private static final java.util.Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static JsonNode format(Call call, List<JsonNode> args) {
        Expression template = call.arguments.get(0);
        if (!(template instanceof Literal literal) || !literal.value.isTextual()) {
            throw fail(call, "the first argument must be a string literal");
        }
        String raw = literal.raw;
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(++i));
            } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw fail(call, "the template has more placeholders than arguments");
                }
                JsonNode value = args.get(next++);
                out.append(value.isTextual() ? value.asText() : JsonValues.write(value));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw fail(call, "the template has fewer placeholders than arguments");
        }
        return JsonValues.NODES.textNode(out.toString());
    }

    private static JsonNode hash(Call call, List<JsonNode> args) {
        JsonNode data = args.get(0);
        String algorithm = HASHES.get(string(call, args, 1).toUpperCase(Locale.ROOT));
        if (algorithm == null) {
            throw fail(call, "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        String text = data.isTextual() ? data.asText() : JsonValues.write(data);
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            return JsonValues.NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw fail(call, e.getMessage());
        }
    }

    private static String string(Call call, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isTextual()) {
            throw fail(call, "argument " + (index + 1) + " must be a string but was " + JsonValues.write(value));
        }
        return value.asText();
    }

    private static ArrayNode array(Call call, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isArray()) {
            throw fail(call, "argument " + (index + 1) + " must be an array but was " + JsonValues.write(value));
        }
        return (ArrayNode) value;
    }

    private static BigDecimal number(Call call, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isNumber()) {
            throw fail(call, "argument " + (index + 1) + " must be a number but was " + JsonValues.write(value));
        }
        return value.decimalValue();
    }

    private static int integer(Call call, List<JsonNode> args, int index) {
        BigDecimal value = number(call, args, index);
        try {
            return value.intValueExact();
        } catch (ArithmeticException e) {
            throw fail(call, "argument " + (index + 1) + " must be an integer but was " + value);
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Call call() {
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String name = text.substring(start, pos);
            int[] arity = ARITY.get(name);
            if (arity == null) {
                throw error("unknown intrinsic function '" + name + "'");
            }
            skipSpaces();
            expect('(');
            List<Expression> arguments = new ArrayList<>();
            skipSpaces();
            if (peek() != ')') {
                do {
                    skipSpaces();
                    arguments.add(argument());
                    skipSpaces();
                } while (consume(','));
            }
            expect(')');
            if (arguments.size() < arity[0] || arguments.size() > arity[1]) {
                throw error(name + " takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                        : arity[1] == Integer.MAX_VALUE ? "at least " + arity[0] : arity[0] + " to " + arity[1])
                        + " arguments but was given " + arguments.size());
            }
            if (name.equals("States.Format") && !(arguments.get(0) instanceof Literal)) {
                throw error("the first argument of States.Format must be a string literal");
            }
            return new Call(name, List.copyOf(arguments), text.substring(start, pos));
        }

        Expression argument() {
            char c = peek();
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (text.startsWith("States.", pos)) {
                return call();
            }
            int start = pos;
            while (pos < text.length() && ",) ".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String token = text.substring(start, pos);
            switch (token) {
                case "null":
                    return new Literal(JsonValues.NODES.nullNode(), token);
                case "true":
                case "false":
                    return new Literal(JsonValues.NODES.booleanNode(Boolean.parseBoolean(token)), token);
                default:
                    try {
                        BigDecimal number = new BigDecimal(token);
                        JsonNode node = number.scale() <= 0 && token.indexOf('.') < 0 && token.indexOf('e') < 0
                                && token.indexOf('E') < 0
                                ? JsonValues.NODES.numberNode(number.longValueExact())
                                : JsonValues.NODES.numberNode(number);
                        return new Literal(node, token);
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw error("'" + token + "' is not a valid argument");
                    }
            }
        }

        Expression string() {
            expect('\'');
            StringBuilder value = new StringBuilder();
            StringBuilder raw = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string literal");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    break;
                }
                if (c == '\\' && pos < text.length()) {
                    char escaped = text.charAt(pos++);
                    value.append(escaped);
                    if (escaped == '{' || escaped == '}' || escaped == '\\') {
                        raw.append('\\');
                    }
                    raw.append(escaped);
                } else {
                    value.append(c);
                    raw.append(c);
                }
            }
            return new Literal(JsonValues.NODES.textNode(value.toString()), raw.toString());
        }

        Expression path() {
            int start = pos;
            int depth = 0;
            boolean quoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && (c == '[' || c == '(')) {
                    depth++;
                } else if (!quoted && (c == ']' || c == ')')) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (!quoted && depth == 0 && (c == ',' || c == ' ')) {
                    break;
                }
                pos++;
            }
            try {
                return new PathArgument(JsonPathExpression.compile(text.substring(start, pos)));
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        boolean consume(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw error("expected '" + c + "' at position " + pos);
            }
        }

        IllegalArgumentException error(String why) {
            return new IllegalArgumentException("The value '" + text + "' is not a valid intrinsic function call: "
                    + why);
        }
    }
}
