package com.creatorflow.shared.bulk;

import com.creatorflow.shared.bulk.domain.BulkJob;
import com.creatorflow.shared.bulk.domain.BulkJobNotFound;
import com.creatorflow.shared.bulk.domain.BulkMessage;
import com.creatorflow.shared.csv.CsvSheet;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.domain.OrderFilters;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A creator's action over many orders as an asynchronous job (see docs/bulk-jobs.md): the request is stored as a
 * job and queued; the bulk worker plans it (selects the orders, priority first, in chunks) and works through the
 * chunks, counting as it goes. A job is only ever shown to the tenant that started it.
 */
public final class BulkJobs {
    /** The most orders one job takes. */
    public static final int MAX_ORDERS = 10_000;
    /** What a job can do. */
    public static final Set<String> ACTIONS = Set.of("CANCEL", "HOLD", "RELEASE", "RETRY", "APPROVE", "TAG",
            "PRINT_LABELS");
    private static final Pattern JOB_ID = Pattern.compile("bulk-[0-9a-f-]{36}");
    private static final Pattern CLIENT_TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final BulkJobStore store;
    private final SqsClient sqs;
    private final String queueUrl;

    public BulkJobs(BulkJobStore store, SqsClient sqs, String queueUrl) {
        this.store = store;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * What a creator asks for.
     *
     * @param action one of {@link #ACTIONS}
     * @param orderIds the orders, or null with a filter
     * @param filter the orders list's filters, or null with ids
     * @param reason the note for each order's audit entry, or null
     * @param tags TAG: the tags to add
     * @param clientToken the same token answers the same job, or null
     */
    public record Request(String action, List<String> orderIds, Map<String, String> filter, String reason,
                          List<String> tags, String clientToken) {
    }

    /**
     * Starts a job, or answers the one the client token started before.
     *
     * @return the job's id
     */
    public String start(String tenantId, Request request, String actor) {
        if (request.action() == null || !ACTIONS.contains(request.action())) {
            throw new ValidationFailed("action", "action must be one of " + ACTIONS);
        }
        if (request.clientToken() != null && !CLIENT_TOKEN.matcher(request.clientToken()).matches()) {
            throw new ValidationFailed("clientToken", "clientToken is 1 to 64 letters, digits or _.:-");
        }
        Optional<String> earlier = store.jobOfToken(tenantId, request.clientToken());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if ((request.orderIds() == null) == (request.filter() == null)) {
            throw new ValidationFailed("orderIds", "give either orderIds or filter");
        }
        List<String> ids = List.of();
        if (request.orderIds() != null) {
            ids = List.copyOf(new LinkedHashSet<>(request.orderIds()));
            if (ids.isEmpty() || ids.size() > MAX_ORDERS) {
                throw new ValidationFailed("orderIds", "orderIds must name 1 to " + MAX_ORDERS + " orders");
            }
        } else {
            for (String name : request.filter().keySet()) {
                if (!OrderFilters.NAMES.contains(name)) {
                    throw new ValidationFailed("filter." + name, "filter takes only " + OrderFilters.NAMES);
                }
            }
            OrderFilters.parse(name -> Optional.ofNullable(request.filter().get(name)), "filter.");
        }
        List<String> tags = request.tags() == null ? List.of() : request.tags();
        if ("TAG".equals(request.action()) && tags.isEmpty()) {
            throw new ValidationFailed("tags", "a TAG job needs tags");
        }
        String reason = request.reason() == null
                ? request.action().toLowerCase(Locale.ROOT) + " from a bulk job" : request.reason();
        if (reason.length() > 500) {
            throw new ValidationFailed("reason", "reason must be at most 500 characters");
        }
        String jobId = "bulk-" + UUID.randomUUID();
        String stored = store.create(new BulkJobStore.NewJob(tenantId, jobId, request.action(), reason, tags, actor,
                request.clientToken(), request.filter() == null ? null : new LinkedHashMap<>(request.filter()),
                ids.size()), ids);
        if (stored.equals(jobId)) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(BulkMessage.plan(tenantId, jobId))));
        }
        return stored;
    }

    /** A job of this tenant; another tenant's job or an unknown id is "not found". */
    public BulkJob status(String tenantId, String jobId) {
        return stored(tenantId, jobId).view();
    }

    /** Asks a running job to stop: the orders it has not reached are skipped. An ended job is left as it is. */
    public BulkJob cancel(String tenantId, String jobId) {
        stored(tenantId, jobId);
        store.requestCancel(tenantId, jobId);
        return status(tenantId, jobId);
    }

    /** Every order's outcome so far as CSV: orderId, outcome, error, reason (cells a spreadsheet would run as a
     * formula are neutralised). */
    public String resultsCsv(String tenantId, String jobId) {
        stored(tenantId, jobId);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("orderId", "outcome", "error", "reason").get())) {
            store.results(tenantId, jobId, outcome -> {
                try {
                    csv.printRecord(CsvSheet.neutralised(outcome.orderId()), outcome.outcome(), outcome.error(),
                            outcome.reason() == null ? null : CsvSheet.neutralised(outcome.reason()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** PRINT_LABELS: the object key of the job's merged labels, once the job ended with some printed. */
    public Optional<String> labelsKey(String tenantId, String jobId) {
        return stored(tenantId, jobId).labelsKey();
    }

    private BulkJobStore.Stored stored(String tenantId, String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new BulkJobNotFound(jobId);
        }
        return store.find(tenantId, jobId).orElseThrow(() -> new BulkJobNotFound(jobId));
    }
}
