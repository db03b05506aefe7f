package com.creatorflow.shared.analytics;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Asks for a rebuild of a tenant's aggregates over a range of days: one message per day on the analytics queue,
 * which the analytics events function runs with {@link AnalyticsAggregates#rebuildDay} beside the events (a day
 * that fails comes back from the queue like a failed batch of events).
 */
public final class AnalyticsRebuilds {
    private final SqsClient sqs;
    private final String queueUrl;

    public AnalyticsRebuilds(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** One day of one tenant to rebuild: the message body is {@code {"rebuild":{"tenantId","day"}}}. */
    public record DayRequest(String tenantId, LocalDate day) {
    }

    /** Queues the days between two dates (inclusive, at most {@value AnalyticsReports#MAX_DAYS}) of a tenant; returns the days queued. */
    public List<String> request(String tenantId, String fromText, String toText) {
        LocalDate from = AnalyticsReports.date("from", fromText);
        LocalDate to = AnalyticsReports.date("to", toText);
        AnalyticsReports.checkRange(from, to);
        List<String> days = new ArrayList<>();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day.toString());
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(batch.size()))
                    .messageBody(Json.write(Map.of("rebuild", Map.of("tenantId", tenantId, "day", day.toString()))))
                    .build());
            if (batch.size() == 10 || day.equals(to)) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                var sent = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                if (sent.hasFailed() && !sent.failed().isEmpty()) {
                    throw new IllegalStateException("the analytics queue refused " + sent.failed().size()
                            + " rebuild message(s)");
                }
                batch.clear();
            }
        }
        return days;
    }

    /** The day a queue message asks to rebuild, if it is a rebuild message. */
    public static Optional<DayRequest> parse(JsonNode body) {
        JsonNode rebuild = body.path("rebuild");
        if (!rebuild.isObject() || !rebuild.path("tenantId").isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DayRequest(rebuild.get("tenantId").asText(),
                    LocalDate.parse(rebuild.path("day").asText())));
        } catch (DateTimeParseException bad) {
            return Optional.empty();
        }
    }
}
