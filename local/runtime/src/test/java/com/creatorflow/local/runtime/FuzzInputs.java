package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random and mutated request parts for the HTTP fuzz suite: JSON bodies that follow an OpenAPI schema of
 * {@code docs/api} and then have one part broken (another type, null, a huge or strange string, a number out of
 * range, an extra or a missing field), raw bodies that are not objects at all, and the strings that break keys and
 * parsers (over DynamoDB's 1,024-byte key limit, control characters, emoji, separators, formulas).
 */
final class FuzzInputs {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ODD = List.of("", " ", "\u0000", "\t", "\uD83D\uDE00", "\u202E", "../../etc",
            "a#b", "a/b", "%00", "null", "-1", "0", "1e309", "=1+2", "@SUM(A1)", "'quoted", "\"", "{", "[]", "true",
            "\\", "é", "SKU-1", "2026-11-25T00:00:00Z", "2026-13-45", "NaN");

    private final Random random;

    FuzzInputs(Random random) {
        this.random = random;
    }

    /** True with probability 1/n. */
    boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    /** One of the items. */
    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A string that trips parsers, keys or limits, or an ordinary random one. */
    String oddString() {
        return switch (random.nextInt(8)) {
            case 0 -> "k".repeat(1_025 + random.nextInt(2_000));
            case 1 -> "é".repeat(513 + random.nextInt(400));
            case 2 -> "x".repeat(random.nextInt(300));
            case 3, 4 -> pick(ODD);
            default -> randomText(1 + random.nextInt(20));
        };
    }

    /** Random text over ASCII, Latin, symbols and astral characters. */
    String randomText(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.append((char) (0x20 + random.nextInt(0x5f)));
                case 1 -> out.append((char) ('a' + random.nextInt(26)));
                case 2 -> out.append((char) (0xa0 + random.nextInt(0x200)));
                case 3 -> out.appendCodePoint(0x1F300 + random.nextInt(0x200));
                default -> out.append((char) ('0' + random.nextInt(10)));
            }
        }
        return out.toString();
    }

    /** A number at or beyond the edges of the usual types. */
    JsonNode oddNumber() {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.numberNode(Long.MAX_VALUE);
            case 1 -> NODES.numberNode(new BigInteger("99999999999999999999999999"));
            case 2 -> NODES.numberNode(-1);
            case 3 -> NODES.numberNode(new BigDecimal("1e400"));
            case 4 -> NODES.numberNode(0.5);
            case 5 -> NODES.numberNode(Integer.MIN_VALUE);
            default -> NODES.numberNode(random.nextInt(2_000) - 1_000);
        };
    }

    /** Any JSON value up to a depth. */
    JsonNode anyJson(int depth) {
        int kind = random.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> oddNumber();
            case 3, 4 -> NODES.textNode(oddString());
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(anyJson(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(oneIn(2) ? randomText(1 + random.nextInt(6)) : pick(ODD), anyJson(depth - 1));
                }
                yield object;
            }
        };
    }

    /** A value that follows an OpenAPI schema ({@code $ref}s resolved in the document), mostly valid. */
    JsonNode fromSchema(Map<String, Object> schema, Map<String, Object> document, int depth) {
        if (schema == null || depth > 6) {
            return anyJson(1);
        }
        Object ref = schema.get("$ref");
        if (ref != null) {
            Object resolved = document;
            for (String part : String.valueOf(ref).substring(2).split("/")) {
                resolved = CfnTemplate.map(resolved).get(part);
            }
            return fromSchema(CfnTemplate.map(resolved), document, depth + 1);
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return Json.toTree(values.get(random.nextInt(values.size())));
        }
        String type = String.valueOf(schema.getOrDefault("type", schema.containsKey("properties") ? "object" : ""));
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                List<?> required = schema.get("required") instanceof List<?> list ? list : List.of();
                CfnTemplate.map(schema.get("properties")).forEach((name, property) -> {
                    if (required.contains(name) || random.nextInt(3) > 0) {
                        object.set(name, fromSchema(CfnTemplate.map(property), document, depth + 1));
                    }
                });
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    array.add(fromSchema(CfnTemplate.map(schema.get("items")), document, depth + 1));
                }
                yield array;
            }
            case "integer", "number" -> {
                long min = schema.get("minimum") instanceof Number n ? n.longValue() : 0;
                long max = schema.get("maximum") instanceof Number n ? n.longValue() : min + 100;
                yield NODES.numberNode(min + (long) (random.nextDouble() * (max - min + 1)));
            }
            case "boolean" -> NODES.booleanNode(random.nextBoolean());
            case "string" -> NODES.textNode("date-time".equals(schema.get("format")) ? "2026-11-25T10:00:00Z"
                    : "uri".equals(schema.get("format")) ? "https://example.com/hook" : "v" + random.nextInt(100));
            default -> anyJson(1);
        };
    }

    /**
     * Breaks a tree in one place: a value replaced by another type, null, an odd string or number; a field added
     * or removed; an array emptied or grown.
     */
    JsonNode mutate(JsonNode tree) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        if (containers.isEmpty()) {
            return anyJson(2);
        }
        JsonNode target = pick(containers);
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            switch (names.isEmpty() ? 0 : random.nextInt(4)) {
                case 0 -> object.set(oneIn(2) ? oddString() : "extra", anyJson(2));
                case 1 -> object.remove(pick(names));
                case 2 -> object.set(pick(names), NODES.nullNode());
                default -> object.set(pick(names), anyJson(2));
            }
        } else if (target instanceof ArrayNode array) {
            if (oneIn(3)) {
                array.removeAll();
            } else if (!array.isEmpty() && oneIn(2)) {
                array.set(random.nextInt(array.size()), anyJson(2));
            } else {
                array.add(anyJson(2));
            }
        }
        return tree;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    /** A body that is not a JSON object: JSON null, other types, broken or empty text, or a large document. */
    String rawBody() {
        return switch (random.nextInt(9)) {
            case 0 -> "null";
            case 1 -> "[]";
            case 2 -> "\"text\"";
            case 3 -> "42";
            case 4 -> "{";
            case 5 -> "";
            case 6 -> "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
            case 7 -> Json.write(Map.of("blob", "z".repeat(50_000 + random.nextInt(100_000))));
            default -> randomText(1 + random.nextInt(40));
        };
    }

    /** A stock count CSV: mostly well-formed rows, with odd headers, cells, quoting and line ends mixed in. */
    String csv(List<String> skus) {
        StringBuilder out = new StringBuilder();
        if (oneIn(8)) {
            out.append('\uFEFF');
        }
        List<String> header = new ArrayList<>(List.of("sku", "location", "quantity"));
        switch (random.nextInt(8)) {
            case 0 -> header.add(pick(header).toUpperCase(java.util.Locale.ROOT));
            case 1 -> header.remove(random.nextInt(header.size()));
            case 2 -> header.add(oddString().replace("\n", ""));
            case 3 -> header.add("");
            default -> java.util.Collections.shuffle(header, random);
        }
        out.append(String.join(",", header)).append(oneIn(5) ? "\r\n" : "\n");
        for (int row = random.nextInt(oneIn(20) ? 1_200 : 12); row > 0; row--) {
            List<String> cells = new ArrayList<>();
            for (String column : header) {
                String cell = switch (column.toLowerCase(java.util.Locale.ROOT)) {
                    case "sku" -> oneIn(2) ? pick(skus) : oddString();
                    case "location" -> oneIn(2) ? pick(List.of("main", "east", "")) : oddString();
                    case "quantity" -> oneIn(2) ? Integer.toString(random.nextInt(50)) : oddString();
                    default -> oddString();
                };
                cells.add(oneIn(6) ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
            }
            if (oneIn(10)) {
                cells.add(oddString());
            }
            out.append(String.join(",", cells)).append(oneIn(10) ? "\r\n" : "\n");
        }
        if (oneIn(15)) {
            out.append("\"unterminated,1\n");
        }
        return out.toString();
    }
}
