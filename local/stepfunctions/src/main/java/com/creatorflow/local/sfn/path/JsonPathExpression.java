package com.creatorflow.local.sfn.path;

import com.creatorflow.local.sfn.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled JSONPath as Step Functions evaluates it: {@code $...} against the data, {@code $$...} against the context
 * object. Definite paths made only of names and indices are walked directly; anything else (wildcards, filters,
 * slices, deep scan) is evaluated by Jayway JsonPath on Jackson nodes, which returns a list for indefinite paths.
 */
public final class JsonPathExpression {
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JsonValues.MAPPER))
            .mappingProvider(new JacksonMappingProvider(JsonValues.MAPPER))
            .build();
    private static final Pattern SEGMENT = Pattern.compile(
            "\\.([A-Za-z_$@][A-Za-z0-9_$@-]*)|\\[(\\d+)]|\\['([^'\\\\]*)']|\\[\"([^\"\\\\]*)\"]");

    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)(.*)", Pattern.DOTALL);

    private final String text;
    private final String variable;
    private final boolean context;
    private final List<Object> segments;
    private final JsonPath jayway;

    private JsonPathExpression(String text, String variable, boolean context, List<Object> segments,
                               JsonPath jayway) {
        this.text = text;
        this.variable = variable;
        this.context = context;
        this.segments = segments;
        this.jayway = jayway;
    }

    /** Compiles a path; throws {@link IllegalArgumentException} with a readable message when it is not valid. */
    public static JsonPathExpression compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("The value '" + text + "' is not a valid JSONPath (it must start with $)");
        }
        if (!balanced(text)) {
            throw new IllegalArgumentException("The value '" + text + "' is not a valid JSONPath (unbalanced brackets)");
        }
        boolean context = text.startsWith("$$");
        String path = context ? text.substring(1) : text;
        String variable = null;
        Matcher named = VARIABLE.matcher(text);
        if (!context && named.matches()) {
            variable = named.group(1);
            path = "$" + named.group(2);
        }
        List<Object> segments = simpleSegments(path);
        if (segments != null) {
            return new JsonPathExpression(text, variable, context, segments, null);
        }
        try {
            return new JsonPathExpression(text, variable, context, null, JsonPath.compile(path));
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The value '" + text + "' is not a valid JSONPath: " + e.getMessage());
        }
    }

    private static boolean balanced(String text) {
        int square = 0;
        int round = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '[' -> square++;
                case ']' -> square--;
                case '(' -> round++;
                case ')' -> round--;
                default -> {
                }
            }
            if (square < 0 || round < 0) {
                return false;
            }
        }
        return square == 0 && round == 0 && quote == 0;
    }

    /** Segments (String names, Integer indices) of a definite path, or null when the path needs Jayway. */
    static List<Object> simpleSegments(String path) {
        if (!path.startsWith("$")) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                return null;
            }
            if (matcher.group(1) != null) {
                out.add(matcher.group(1));
            } else if (matcher.group(2) != null) {
                out.add(Integer.parseInt(matcher.group(2)));
            } else {
                out.add(matcher.group(3) != null ? matcher.group(3) : matcher.group(4));
            }
            at = matcher.end();
        }
        return out;
    }

    /** The path as written. */
    public String text() {
        return text;
    }

    /** The workflow variable the path reads ({@code $name...}), or null. */
    public String variable() {
        return variable;
    }

    /** True when the path reads the context object ({@code $$}). */
    public boolean readsContext() {
        return context;
    }

    /** True when the path selects exactly one place (no wildcard, filter, slice or scan). */
    public boolean isDefinite() {
        return segments != null || jayway.isDefinite();
    }

    /**
     * Evaluates the path.
     *
     * @throws PathNotFound when the path selects nothing
     */
    public JsonNode evaluate(JsonNode data, JsonNode contextObject) {
        JsonNode root = context ? contextObject : data;
        if (variable != null) {
            root = ContextObject.variablesOf(contextObject).get(variable);
            if (root == null) {
                throw new PathNotFound(text);
            }
        }
        if (segments != null) {
            JsonNode node = root;
            for (Object segment : segments) {
                JsonNode next = segment instanceof Integer index
                        ? (node != null && node.isArray() ? node.get(index) : null)
                        : (node != null && node.isObject() ? node.get((String) segment) : null);
                if (next == null) {
                    throw new PathNotFound(text);
                }
                node = next;
            }
            return node;
        }
        try {
            Object result = jayway.read(root == null ? JsonValues.NODES.nullNode() : root, JAYWAY);
            return result instanceof JsonNode node ? node : JsonValues.MAPPER.valueToTree(result);
        } catch (PathNotFoundException e) {
            throw new PathNotFound(text);
        } catch (RuntimeException e) {
            throw StatesError.runtime("The JSONPath '" + text + "' could not be evaluated: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** The path selected nothing in its input. */
    public static final class PathNotFound extends RuntimeException {
        private final String path;

        PathNotFound(String path) {
            super("path " + path + " not found", null, false, false);
            this.path = path;
        }

        /** The path that selected nothing. */
        public String path() {
            return path;
        }
    }
}
