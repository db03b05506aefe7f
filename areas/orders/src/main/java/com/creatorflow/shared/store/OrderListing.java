package com.creatorflow.shared.store;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.store.domain.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Lists a tenant's orders for an {@link OrderQuery}: picks the index whose key answers the most selective part
 * (state, the sort time and its range), leaves the rest to filter expressions, and keeps reading until the page is
 * full or the data ends, so a page is never empty while more orders match, within a read budget of
 * {@value #READ_BUDGET} items per page: when a filter that no key serves rejects that many, the page ends early with
 * a cursor. The indexes hold only the keys and the attributes the filters read (a small copy is a cheap write), so a
 * page's orders are then read whole from the table, as they are now: one that has since stopped matching (its state
 * moved on) is left out. Tracking number and buyer go through their lookup entries ({@link OrderLookups}). Cursors
 * name their index and are only accepted back for the same tenant and index.
 */
final class OrderListing {
    /** Most items DynamoDB may evaluate for one page. */
    static final int READ_BUDGET = 5_000;
    /** Most orders one lookup (tracking number, buyer) considers. */
    static final int MAX_LOOKUP = 500;
    private static final String INDEX_MARK = "~index";
    private static final String OFFSET_MARK = "~offset";
    private static final String LOOKUP = "lookup";

    private final DynamoDbClient dynamo;
    private final String table;
    private final OrderItemMapper mapper;
    private final PiiCipher cipher;

    OrderListing(DynamoDbClient dynamo, String table, OrderItemMapper mapper, PiiCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.mapper = mapper;
        this.cipher = cipher;
    }

    /** Where a listing reads: an index, its partition and sort key, and the conditions. */
    private record Plan(String index, String partitionAttribute, String partitionValue, String sortAttribute,
                        String keyCondition, List<String> filters, Map<String, AttributeValue> values,
                        Map<String, String> names) {
    }

    Page<Order> list(String tenantId, OrderQuery query, boolean oldestFirst, int limit, String cursor) {
        if (Boolean.TRUE.equals(query.needsAttention()) && query.state() != null
                && query.state() != OrderState.NEEDS_ATTENTION) {
            throw new ValidationFailed("needsAttention", "needsAttention=true lists NEEDS_ATTENTION orders; it "
                    + "cannot be combined with state " + query.state());
        }
        return query.isLookup() ? lookup(tenantId, query, limit, cursor)
                : indexed(tenantId, query, plan(tenantId, query), oldestFirst, limit, cursor);
    }

    private Plan plan(String tenantId, OrderQuery query) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> filters = new ArrayList<>();
        OrderState state = query.effectiveState();
        OrderQuery.Sort sort = query.effectiveSort();
        String index;
        String partition = "tenantId";
        String partitionValue = tenantId;
        String sortKey;
        String prefix = "";
        if (state != null && sort == OrderQuery.Sort.UPDATED) {
            index = "byState";
            partition = "tenantState";
            partitionValue = OrderItemMapper.tenantState(tenantId, state);
            sortKey = "updatedKey";
        } else if (state != null && sort == OrderQuery.Sort.CREATED) {
            index = "byStateCreated";
            sortKey = "stateCreated";
            prefix = state.name() + "#";
        } else {
            index = switch (sort) {
                case UPDATED -> "byUpdated";
                case CREATED -> "byCreated";
                case PAID -> "byPaid";
            };
            sortKey = keyOf(sort);
            if (state != null) {
                names.put("#st", "state");
                values.put(":state", AttributeValue.fromS(state.name()));
                filters.add("#st = :state");
            }
        }
        values.put(":p", AttributeValue.fromS(partitionValue));
        String keyCondition = partition + " = :p";
        for (OrderQuery.Sort dimension : OrderQuery.Sort.values()) {
            Instant from = from(query, dimension);
            Instant to = to(query, dimension);
            if (dimension == sort) {
                from = dimension == OrderQuery.Sort.UPDATED ? later(from, query.createdFrom()) : from;
                to = dimension == OrderQuery.Sort.CREATED ? earlier(to, query.updatedTo()) : to;
                if (from != null || to != null) {
                    keyCondition += " AND " + sortKey + " BETWEEN :kfrom AND :kto";
                    values.put(":kfrom", AttributeValue.fromS(prefix + (from == null ? "0" : Times.sortable(from))));
                    values.put(":kto", AttributeValue.fromS(prefix + (to == null ? "9" : Times.sortable(to))));
                } else if (!prefix.isEmpty()) {
                    keyCondition += " AND begins_with(" + sortKey + ", :prefix)";
                    values.put(":prefix", AttributeValue.fromS(prefix));
                }
            } else if (from != null || to != null) {
                String name = dimension.name().toLowerCase(java.util.Locale.ROOT);
                filters.add(keyOf(dimension) + " BETWEEN :" + name + "From AND :" + name + "To");
                values.put(":" + name + "From", AttributeValue.fromS(from == null ? "0" : Times.sortable(from)));
                values.put(":" + name + "To", AttributeValue.fromS(to == null ? "9" : Times.sortable(to)));
            }
        }
        if (Boolean.FALSE.equals(query.needsAttention())) {
            names.put("#st", "state");
            values.put(":attention", AttributeValue.fromS(OrderState.NEEDS_ATTENTION.name()));
            filters.add("#st <> :attention");
        }
        contains(filters, values, "skus", ":sku", query.sku());
        contains(filters, values, "tags", ":tag", query.tag());
        contains(filters, values, "carriers", ":carrier", query.carrier());
        if (query.tiktokStatus() != null) {
            filters.add("tiktokStatus = :tiktokStatus");
            values.put(":tiktokStatus", AttributeValue.fromS(query.tiktokStatus().name()));
        }
        return new Plan(index, partition, partitionValue, sortKey, keyCondition, filters, values, names);
    }

    /**
     * The later of two bounds. An order changes only after it is created, so a created-from bound is also an
     * updated-from bound and an updated-to bound a created-to bound: the key condition narrows by what the filter
     * will check anyway.
     */
    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The earlier of two bounds (see {@link #later}). */
    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static void contains(List<String> filters, Map<String, AttributeValue> values, String attribute,
                                 String placeholder, String value) {
        if (value != null) {
            filters.add("contains(" + attribute + ", " + placeholder + ")");
            values.put(placeholder, AttributeValue.fromS(value));
        }
    }

    private static String keyOf(OrderQuery.Sort dimension) {
        return switch (dimension) {
            case UPDATED -> "updatedKey";
            case CREATED -> "createdKey";
            case PAID -> "paidKey";
        };
    }

    private static Instant from(OrderQuery query, OrderQuery.Sort dimension) {
        return switch (dimension) {
            case UPDATED -> query.updatedFrom();
            case CREATED -> query.createdFrom();
            case PAID -> query.paidFrom();
        };
    }

    private static Instant to(OrderQuery query, OrderQuery.Sort dimension) {
        return switch (dimension) {
            case UPDATED -> query.updatedTo();
            case CREATED -> query.createdTo();
            case PAID -> query.paidTo();
        };
    }

    private Page<Order> indexed(String tenantId, OrderQuery query, Plan plan, boolean oldestFirst, int limit,
                                String cursor) {
        Map<String, AttributeValue> start = cursor == null ? null : startKey(tenantId, plan, cursor);
        List<Map<String, AttributeValue>> page = new ArrayList<>();
        int evaluated = 0;
        while (true) {
            int wanted = limit - page.size();
            int budgetLeft = READ_BUDGET - evaluated;
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(plan.index())
                    .keyConditionExpression(plan.keyCondition())
                    .filterExpression(plan.filters().isEmpty() ? null : String.join(" AND ", plan.filters()))
                    .expressionAttributeValues(plan.values())
                    .expressionAttributeNames(plan.names().isEmpty() ? null : plan.names())
                    .scanIndexForward(oldestFirst)
                    .limit(plan.filters().isEmpty() ? wanted : Math.min(budgetLeft, Math.max(wanted, 100)))
                    .exclusiveStartKey(start);
            QueryResponse response = dynamo.query(request.build());
            evaluated += response.scannedCount() == null ? 0 : response.scannedCount();
            for (Map<String, AttributeValue> item : response.items()) {
                page.add(item);
                if (page.size() == limit) {
                    boolean more = item != response.items().get(response.items().size() - 1)
                            || response.hasLastEvaluatedKey();
                    return page(tenantId, query, page, more ? cursorOf(plan, item) : null);
                }
            }
            if (!response.hasLastEvaluatedKey()) {
                return page(tenantId, query, page, null);
            }
            start = response.lastEvaluatedKey();
            if (evaluated >= READ_BUDGET) {
                return page(tenantId, query, page, cursorOf(plan, start));
            }
        }
    }

    /** The orders of a page of index entries, read whole, in the index's order, those still matching. */
    private Page<Order> page(String tenantId, OrderQuery query, List<Map<String, AttributeValue>> entries,
                             String cursor) {
        List<Order> orders = read(tenantId, entries.stream().map(entry -> entry.get("orderId").s()).toList())
                .stream().filter(query::matches).toList();
        return new Page<>(orders, cursor);
    }

    /** The tenant's orders of these ids, whole, in the ids' order; an id with no order is left out. */
    private List<Order> read(String tenantId, List<String> orderIds) {
        Map<String, Order> byId = BatchReads.get(dynamo, table, orderIds.stream()
                        .map(id -> OrderRepository.key(tenantId, id)).toList())
                .stream().map(mapper::fromItem).collect(Collectors.toMap(Order::orderId, order -> order));
        return orderIds.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    private String cursorOf(Plan plan, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        for (String attribute : keyAttributes(plan)) {
            key.put(attribute, item.get(attribute));
        }
        key.put(INDEX_MARK, AttributeValue.fromS(plan.index()));
        return Cursors.encode(key);
    }

    private static Set<String> keyAttributes(Plan plan) {
        return Set.copyOf(List.of("tenantId", "orderId", plan.partitionAttribute(), plan.sortAttribute()).stream()
                .distinct().toList());
    }

    /** The start key a cursor names, when it was issued for this tenant, index and partition. */
    private Map<String, AttributeValue> startKey(String tenantId, Plan plan, String cursor) {
        Map<String, AttributeValue> key = Cursors.decode(tenantId, cursor, "tenantId", plan.partitionAttribute());
        AttributeValue index = key.remove(INDEX_MARK);
        if (index == null || !plan.index().equals(index.s()) || !key.keySet().equals(keyAttributes(plan))
                || !plan.partitionValue().equals(key.get(plan.partitionAttribute()).s())) {
            throw new ValidationFailed("cursor", "cursor belongs to another listing; start again without it");
        }
        return key;
    }

    private Page<Order> lookup(String tenantId, OrderQuery query, int limit, String cursor) {
        int offset = 0;
        if (cursor != null) {
            Map<String, AttributeValue> key = Cursors.decode(tenantId, cursor, "tenantId");
            AttributeValue index = key.get(INDEX_MARK);
            AttributeValue at = key.get(OFFSET_MARK);
            if (index == null || !LOOKUP.equals(index.s()) || at == null || at.n() == null) {
                throw new ValidationFailed("cursor", "cursor belongs to another listing; start again without it");
            }
            try {
                offset = Math.max(0, Integer.parseInt(at.n()));
            } catch (NumberFormatException e) {
                throw new ValidationFailed("cursor", "cursor is not one this API returned");
            }
        }
        Set<String> tracking = new LinkedHashSet<>();
        if (query.trackingNumber() != null) {
            tracking.add(OrderLookups.tracking(tenantId, query.trackingNumber()).orElseThrow(() ->
                    new ValidationFailed("tracking", "tracking must contain letters or digits")));
        }
        Set<String> buyer = new LinkedHashSet<>();
        if (query.buyer() != null) {
            OrderLookups.name(tenantId, query.buyer(), cipher).ifPresent(buyer::add);
            OrderLookups.phone(tenantId, query.buyer(), cipher).ifPresent(buyer::add);
        }
        Set<String> partitions = tracking.isEmpty() ? buyer : tracking;
        Set<String> ids = new LinkedHashSet<>();
        for (String partition : partitions) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("tenantId = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                        .projectionExpression("orderId").exclusiveStartKey(start)
                        .limit(MAX_LOOKUP).build());
                response.items().forEach(item -> ids.add(item.get("orderId").s()));
                start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
            } while (start != null && ids.size() < MAX_LOOKUP);
        }
        Comparator<Order> newest = Comparator.comparing(query::sortTime,
                Comparator.nullsLast(Comparator.reverseOrder()));
        List<Order> found = read(tenantId, ids.stream().limit(MAX_LOOKUP).toList()).stream()
                .filter(query::matches)
                .filter(order -> {
                    Set<String> entries = OrderLookups.of(order, cipher);
                    return (tracking.isEmpty() || entries.stream().anyMatch(tracking::contains))
                            && (query.buyer() == null || entries.stream().anyMatch(buyer::contains));
                })
                .sorted(newest.thenComparing(Order::orderId)).toList();
        int end = Math.min(found.size(), offset + limit);
        String next = null;
        if (end < found.size()) {
            next = Cursors.encode(Map.of("tenantId", AttributeValue.fromS(tenantId),
                    INDEX_MARK, AttributeValue.fromS(LOOKUP), OFFSET_MARK, AttributeValue.fromN(Integer.toString(end))));
        }
        return new Page<>(offset >= found.size() ? List.of() : found.subList(offset, end), next);
    }
}
