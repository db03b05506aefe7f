package com.creatorflow.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The local bus's one JSON mapper (the bus is local infrastructure and does not depend on the domain library). */
final class Jsons {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Jsons() {
    }

    /** Parses JSON text into a tree. */
    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
