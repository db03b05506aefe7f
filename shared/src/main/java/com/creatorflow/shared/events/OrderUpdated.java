package com.creatorflow.shared.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Detail of {@code OrderUpdated} ({@code creatorflow.orders}): an order's data changed without a state change (rules
 * applied, address corrected, tracking added, ...). It carries {@code old}, {@code new} and {@code changed} when
 * the change recorded them (audit details {@code {"changes": {"old", "new", "changed"}}}), and the audit details.
 *
 * @param eventId "tenant#order#version"
 * @param tenantId the creator
 * @param orderId the order
 * @param action the audit action ({@code RULES_APPLIED}, ...)
 * @param state the order's state (unchanged)
 * @param version the order version the change produced
 * @param at when it happened
 * @param reason why, in words
 * @param actor who changed it
 * @param oldValues the changed fields' values before
 * @param newValues the changed fields' values after
 * @param changed the names of the changed fields
 * @param details the audit entry's details
 */
public record OrderUpdated(String eventId, String tenantId, String orderId, String action, String state,
                           long version, Instant at, String reason, String actor,
                           @JsonProperty("old") JsonNode oldValues, @JsonProperty("new") JsonNode newValues,
                           List<String> changed, JsonNode details) {
    /** The detail-type. */
    public static final String DETAIL_TYPE = "OrderUpdated";
}
