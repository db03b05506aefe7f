package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Converts between the JSON of a Task's {@code Parameters} (the API's member names, PascalCase, as Step Functions
 * service integrations take them, also where the API's own names are camelCase) and AWS SDK v2 request and response objects, using the SDK's own field metadata.
 */
final class SdkJson {
    private SdkJson() {
    }

    /** Builds a request from its JSON form; unknown members fail with a clear message. */
    @SuppressWarnings("unchecked")
    static <T> T request(SdkPojo builder, JsonNode json, String operation) {
        fill(builder, json, operation);
        return (T) ((SdkBuilder<?, ?>) builder).build();
    }

    private static void fill(SdkPojo builder, JsonNode json, String where) {
        if (!json.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        builder.sdkFields().forEach(f -> fields.put(pascal(f.memberName()), f));
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            SdkField<?> field = fields.get(pascal(entry.getKey()));
            if (field == null) {
                throw new IllegalArgumentException("The field '" + entry.getKey() + "' is not supported by " + where
                        + " (supported: " + fields.keySet() + ")");
            }
            field.set(builder, value(field, entry.getValue(), where + "." + entry.getKey()));
        }
    }

    /** Step Functions names every API member in PascalCase, also for APIs whose wire names are camelCase. */
    private static String pascal(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Object value(SdkField<?> field, JsonNode json, String where) {
        if (json.isNull()) {
            return null;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            return json.isTextual() ? json.asText() : JsonValues.write(json);
        }
        if (type == MarshallingType.INTEGER) {
            return json.asInt();
        }
        if (type == MarshallingType.LONG) {
            return json.asLong();
        }
        if (type == MarshallingType.DOUBLE) {
            return json.asDouble();
        }
        if (type == MarshallingType.FLOAT) {
            return (float) json.asDouble();
        }
        if (type == MarshallingType.BIG_DECIMAL) {
            return new BigDecimal(json.asText());
        }
        if (type == MarshallingType.BOOLEAN) {
            return json.asBoolean();
        }
        if (type == MarshallingType.INSTANT) {
            return json.isNumber() ? Instant.ofEpochMilli(json.asLong()) : Instant.parse(json.asText());
        }
        if (type == MarshallingType.SDK_BYTES) {
            return SdkBytes.fromByteArray(Base64.getDecoder().decode(json.asText()));
        }
        if (type == MarshallingType.SDK_POJO) {
            SdkPojo nested = field.constructor().get();
            fill(nested, json, where);
            return ((SdkBuilder<?, ?>) nested).build();
        }
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> out = new ArrayList<>();
            for (JsonNode item : json) {
                out.add(value(member, item, where + "[]"));
            }
            return out;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> out = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> out.put(e.getKey(), value(member, e.getValue(), where + "." + e.getKey())));
            return out;
        }
        throw new IllegalArgumentException(where + " has a type the local engine does not convert: " + type);
    }

    /** The JSON form of a response (member names as keys; unset members left out). */
    static ObjectNode response(SdkPojo pojo) {
        ObjectNode out = JsonValues.NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            JsonNode value = json(field.getValueOrDefault(pojo));
            if (value != null) {
                out.set(pascal(field.memberName()), value);
            }
        }
        return out;
    }

    private static JsonNode json(Object value) {
        if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
            return null;
        }
        if (value instanceof SdkPojo pojo) {
            return response(pojo);
        }
        if (value instanceof List<?> list) {
            ArrayNode out = JsonValues.NODES.arrayNode();
            list.forEach(item -> out.add(json(item)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = JsonValues.NODES.objectNode();
            map.forEach((k, v) -> out.set(String.valueOf(k), json(v)));
            return out;
        }
        if (value instanceof SdkBytes bytes) {
            return JsonValues.NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArray()));
        }
        if (value instanceof Instant instant) {
            return JsonValues.NODES.numberNode(instant.toEpochMilli());
        }
        return JsonValues.MAPPER.valueToTree(value);
    }
}
