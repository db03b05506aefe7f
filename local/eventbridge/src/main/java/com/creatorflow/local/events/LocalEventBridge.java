package com.creatorflow.local.events;

import com.creatorflow.local.stack.LocalHttp;
import com.creatorflow.local.stack.PortInUseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Ruler;

/**
 * The local EventBridge endpoint: an HTTP server on loopback speaking EventBridge's JSON 1.1 protocol
 * ({@code X-Amz-Target: AWSEvents.<Operation>}), so {@code EventBridgeClient} and
 * {@code aws events ... --endpoint-url} work against it. Operations: PutEvents, ListEventBuses, DescribeEventBus,
 * ListRules, DescribeRule, ListTargetsByRule and TestEventPattern. Errors answer as AWS does: HTTP 400 with
 * {@code {"__type": "...", "message": "..."}}. Deliveries run on the {@link EventDelivery}'s threads, never on the
 * caller's.
 */
public final class LocalEventBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBridge.class);
    private static final String JSON_11 = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final EventRouter router;
    private final EventDelivery delivery;

    private LocalEventBridge(HttpServer server, ThreadPoolExecutor executor, EventRouter router,
                             EventDelivery delivery) {
        this.server = server;
        this.executor = executor;
        this.router = router;
        this.delivery = delivery;
    }

    /**
     * Starts the endpoint.
     *
     * @param port the port, or 0 for a free one
     * @param router the buses and rules
     * @param delivery the delivery engine (closed with the endpoint)
     */
    public static LocalEventBridge start(int port, EventRouter router, EventDelivery delivery) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        } catch (BindException e) {
            throw new PortInUseException("The local EventBridge", port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the local EventBridge on port " + port, e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), runnable -> {
                    Thread thread = new Thread(runnable, "eventbridge-api");
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(executor);
        LocalEventBridge bridge = new LocalEventBridge(server, executor, router, delivery);
        server.createContext("/", bridge::serve);
        server.start();
        LOG.info("local EventBridge listening on {} with buses {}", bridge.endpoint(), router.buses().keySet());
        return bridge;
    }

    /** The endpoint to give {@code EventBridgeClient} or {@code --endpoint-url}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The buses and rules. */
    public EventRouter router() {
        return router;
    }

    /** The delivery engine (backlog and counters). */
    public EventDelivery delivery() {
        return delivery;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("AWSEvents.")) {
                answer(exchange, 400, error("UnknownOperationException",
                        "the local EventBridge takes POST requests with X-Amz-Target: AWSEvents.<Operation>"));
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                request = body.length == 0 ? Jsons.MAPPER.createObjectNode() : Jsons.MAPPER.readTree(body);
            } catch (IOException e) {
                answer(exchange, 400, error("SerializationException", "the request body is not JSON"));
                return;
            }
            try {
                answer(exchange, 200, operation(target.substring("AWSEvents.".length()), request));
            } catch (ApiError e) {
                answer(exchange, 400, error(e.type, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("local EventBridge failed on {}", target, e);
                answer(exchange, 500, error("InternalException", "the local EventBridge failed; see its log"));
            }
        }
    }

    private JsonNode operation(String name, JsonNode request) {
        return switch (name) {
            case "PutEvents" -> putEvents(request);
            case "ListEventBuses" -> listEventBuses();
            case "DescribeEventBus" -> describeEventBus(request);
            case "ListRules" -> listRules(request);
            case "DescribeRule" -> ruleJson(rule(request, "Name"));
            case "ListTargetsByRule" -> listTargets(rule(request, "Rule"));
            case "EnableRule" -> setEnabled(request, true);
            case "DisableRule" -> setEnabled(request, false);
            case "TestEventPattern" -> testEventPattern(request);
            default -> throw new ApiError("UnknownOperationException", "the local EventBridge does not support "
                    + name + " (see docs/eventbridge-local.md)");
        };
    }

    private JsonNode putEvents(JsonNode request) {
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > EventRouter.MAX_ENTRIES) {
            throw new ApiError("ValidationException", "1 validation error detected: Value at 'entries' failed to "
                    + "satisfy constraint: Member must have length less than or equal to " + EventRouter.MAX_ENTRIES
                    + " and greater than or equal to 1");
        }
        if (EventRouter.requestSize(entries) > EventRouter.MAX_REQUEST_BYTES) {
            throw new ApiError("ValidationException", "Total size of the entries in the request is over the limit.");
        }
        ArrayNode results = router.put(entries);
        int failed = 0;
        for (JsonNode result : results) {
            if (result.has("ErrorCode")) {
                failed++;
            }
        }
        ObjectNode response = Jsons.MAPPER.createObjectNode();
        response.put("FailedEntryCount", failed);
        response.set("Entries", results);
        return response;
    }

    private JsonNode listEventBuses() {
        ObjectNode response = Jsons.MAPPER.createObjectNode();
        ArrayNode buses = response.putArray("EventBuses");
        router.buses().forEach((name, arn) -> buses.addObject().put("Name", name).put("Arn", arn));
        return response;
    }

    private JsonNode describeEventBus(JsonNode request) {
        String name = textOr(request, "Name", TemplateRules.DEFAULT_BUS);
        String bus = name.startsWith("arn:") ? name.substring(name.lastIndexOf('/') + 1) : name;
        String arn = router.buses().get(bus);
        if (arn == null) {
            throw new ApiError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        }
        return Jsons.MAPPER.createObjectNode().put("Name", bus).put("Arn", arn);
    }

    private JsonNode listRules(JsonNode request) {
        String bus = textOr(request, "EventBusName", TemplateRules.DEFAULT_BUS);
        if (!router.hasBus(bus)) {
            throw new ApiError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        }
        String prefix = textOr(request, "NamePrefix", "");
        ObjectNode response = Jsons.MAPPER.createObjectNode();
        ArrayNode rules = response.putArray("Rules");
        router.rules(bus).stream().filter(rule -> rule.name().startsWith(prefix))
                .forEach(rule -> rules.add(ruleJson(rule)));
        return response;
    }

    private BusRule rule(JsonNode request, String nameField) {
        String bus = textOr(request, "EventBusName", TemplateRules.DEFAULT_BUS);
        String name = textOr(request, nameField, "");
        Optional<BusRule> rule = router.rule(bus, name);
        return rule.orElseThrow(() -> new ApiError("ResourceNotFoundException",
                "Rule " + name + " does not exist on EventBus " + bus + "."));
    }

    private JsonNode setEnabled(JsonNode request, boolean enabled) {
        BusRule rule = rule(request, "Name");
        router.setEnabled(rule.busName(), rule.name(), enabled);
        return Jsons.MAPPER.createObjectNode();
    }

    private static ObjectNode ruleJson(BusRule rule) {
        ObjectNode node = Jsons.MAPPER.createObjectNode();
        node.put("Name", rule.name());
        node.put("Arn", rule.arn());
        node.put("EventPattern", rule.eventPattern());
        node.put("State", rule.enabled() ? "ENABLED" : "DISABLED");
        if (rule.description() != null) {
            node.put("Description", rule.description());
        }
        node.put("EventBusName", rule.busName());
        return node;
    }

    private static JsonNode listTargets(BusRule rule) {
        ObjectNode response = Jsons.MAPPER.createObjectNode();
        ArrayNode targets = response.putArray("Targets");
        for (RuleTarget target : rule.targets()) {
            ObjectNode node = targets.addObject().put("Id", target.id()).put("Arn", target.arn());
            if (target.input() != null) {
                node.put("Input", target.input());
            }
            if (target.inputPath() != null) {
                node.put("InputPath", target.inputPath());
            }
            if (target.inputTransformer() != null) {
                ObjectNode transformer = node.putObject("InputTransformer");
                transformer.set("InputPathsMap", Jsons.MAPPER.valueToTree(target.inputTransformer().inputPathsMap()));
                transformer.put("InputTemplate", target.inputTransformer().inputTemplate());
            }
            node.putObject("RetryPolicy")
                    .put("MaximumRetryAttempts", target.retryPolicy().maximumRetryAttempts())
                    .put("MaximumEventAgeInSeconds", target.retryPolicy().maximumEventAgeSeconds());
            if (target.deadLetterArn() != null) {
                node.putObject("DeadLetterConfig").put("Arn", target.deadLetterArn());
            }
        }
        return response;
    }

    private static JsonNode testEventPattern(JsonNode request) {
        String pattern = textOr(request, "EventPattern", "");
        String event = textOr(request, "Event", "");
        String problem = JsonRuleCompiler.check(pattern);
        if (problem != null) {
            throw new ApiError("InvalidEventPatternException", "Event pattern is not valid. Reason: " + problem);
        }
        try {
            return Jsons.MAPPER.createObjectNode().put("Result", Ruler.matchesRule(event, pattern));
        } catch (Exception e) {
            throw new ApiError("InvalidArgument", "Parameter Event is not valid.");
        }
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? fallback : value.asText();
    }

    private static JsonNode error(String type, String message) {
        return Jsons.MAPPER.createObjectNode().put("__type", type).put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        LocalHttp.respond(exchange, status, JSON_11, Jsons.MAPPER.writeValueAsBytes(body));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        delivery.close();
    }

    /** An error answered to the caller as an AWS error type. */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        ApiError(String type, String message) {
            super(message);
            this.type = type;
        }
    }
}
