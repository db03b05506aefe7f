package com.creatorflow.local.runtime;

import com.creatorflow.shared.http.JwtAuthorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalHttp;
import com.creatorflow.local.stack.PortInUseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway: serves the template's HTTP API routes on localhost, turns each request into an API Gateway
 * HTTP API (payload 2.0) event for the route's function, applies the JWT authorizer, and writes the function's
 * response back. Extra local-only paths (health, sign-in, simulators) are mounted beside the routes. Request bodies
 * are capped before they are read ({@link RequestBodyLimit}).
 */
public final class HttpFrontDoor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontDoor.class);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    /**
     * Invocations of the creators' API (the routes behind the JWT authorizer) the front door runs at once: about what
     * the cores can serve. The request threads beyond that wait here for their turn, so an overload queues requests
     * instead of spreading them over more and more handler instances, each with cold caches (team, tokens,
     * rate-limit counts), which costs every request more CPU. Webhooks are not bounded: their acknowledgement is
     * short and waits mostly on the store and the queue, so a bound would only slow it when the machine is busy.
     */
    static final int CONCURRENT_API_INVOCATIONS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final HttpServer server;
    private final ExecutorService executor;
    private final Semaphore apiInvocations = new Semaphore(CONCURRENT_API_INVOCATIONS);
    private final List<HttpRoute> routes;
    private final FunctionRegistry functions;
    private volatile JwtAuthorizer authorizer;

    private HttpFrontDoor(HttpServer server, ExecutorService executor, List<HttpRoute> routes,
                          FunctionRegistry functions) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
        this.functions = functions;
    }

    /**
     * Binds the front door (not yet serving: its {@link #baseUrl()} is known, so the issuer can be made; mount extras,
     * then {@link #start(JwtAuthorizer)}).
     *
     * @param port the port, or 0 for a free one
     * @param threads request threads
     */
    public static HttpFrontDoor bind(int port, int threads, CfnTemplate template, FunctionRegistry functions) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        } catch (BindException e) {
            throw new PortInUseException("The HTTP front door", port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the HTTP front door on port " + port, e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "front-door");
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(executor);
        HttpFrontDoor door = new HttpFrontDoor(server, executor, routesOf(template), functions);
        server.createContext("/", door::serveApi).getFilters().add(new RequestBodyLimit());
        return door;
    }

    /** Reads the HttpApi events of every function: method, path and whether the JWT authorizer applies. */
    static List<HttpRoute> routesOf(CfnTemplate template) {
        List<HttpRoute> routes = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> events = CfnTemplate.map(template.properties(function).get("Events"));
            events.values().forEach(raw -> {
                Map<String, Object> event = CfnTemplate.map(raw);
                if (!"HttpApi".equals(event.get("Type"))) {
                    return;
                }
                Map<String, Object> properties = CfnTemplate.map(event.get("Properties"));
                Object authorizer = CfnTemplate.map(properties.get("Auth")).get("Authorizer");
                routes.add(new HttpRoute(String.valueOf(properties.getOrDefault("Method", "ANY")).toUpperCase(Locale.ROOT),
                        String.valueOf(properties.get("Path")), function, !"NONE".equals(authorizer)));
            });
        }
        routes.sort(Comparator.comparingInt(HttpRoute::specificity).reversed());
        return List.copyOf(routes);
    }

    /** Mounts a local-only handler (health, sign-in, simulators) at a path prefix, with the same body limit. */
    public void mount(String prefix, HttpHandler handler) {
        server.createContext(prefix, handler).getFilters().add(new RequestBodyLimit());
    }

    /** Starts serving; routes with the JWT authorizer take the tokens this authorizer accepts. */
    public void start(JwtAuthorizer jwtAuthorizer) {
        this.authorizer = jwtAuthorizer;
        server.start();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL it serves, for example {@code http://127.0.0.1:8080}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The routes served. */
    public List<HttpRoute> routes() {
        return routes;
    }

    private void serveApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/")) {
                exchange.getResponseHeaders().set("Location", "/dashboard/");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            Optional<Map.Entry<HttpRoute, Map<String, String>>> matched = match(method, path);
            if (matched.isEmpty()) {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            HttpRoute route = matched.get().getKey();
            Map<String, String> claims = null;
            if (route.authorized()) {
                Optional<Map<String, String>> verified =
                        authorizer.claims(exchange.getRequestHeaders().getFirst("Authorization"));
                if (verified.isEmpty()) {
                    send(exchange, 401, "{\"message\":\"Unauthorized\"}");
                    return;
                }
                claims = verified.get();
            }
            APIGatewayV2HTTPEvent event = toEvent(exchange, route, matched.get().getValue(), claims);
            APIGatewayV2HTTPResponse response;
            if (route.authorized() && !awaitApiTurn()) {
                send(exchange, 503, "{\"message\":\"Service Unavailable\"}");
                return;
            }
            try {
                response = (APIGatewayV2HTTPResponse) functions.get(route.function()).invoke(event);
            } catch (RuntimeException e) {
                LOG.error("function {} failed on {} {}", route.function(), method, path, e);
                send(exchange, 500, "{\"message\":\"Internal Server Error\"}");
                return;
            } finally {
                if (route.authorized()) {
                    apiInvocations.release();
                }
            }
            write(exchange, response);
        }
    }

    /** Waits for one of the creators' API invocation slots; false when interrupted while waiting. */
    private boolean awaitApiTurn() {
        try {
            apiInvocations.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<Map.Entry<HttpRoute, Map<String, String>>> match(String method, String path) {
        List<String> segments = HttpRoute.segments(path);
        for (HttpRoute route : routes) {
            Optional<Map<String, String>> params = route.match(method, segments);
            if (params.isPresent()) {
                return Optional.of(Map.entry(route, params.get()));
            }
        }
        return Optional.empty();
    }

    private static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, HttpRoute route, Map<String, String> params,
                                                 Map<String, String> claims) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Cookie")) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(key, value, (a, b) -> a + "," + b);
        }
        String contentType = headers.getOrDefault("content-type", "");
        boolean text = body.length == 0 || contentType.startsWith("text/") || contentType.contains("json")
                || contentType.contains("xml") || contentType.contains("x-www-form-urlencoded");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> decodedParams = new LinkedHashMap<>();
        params.forEach((k, v) -> decodedParams.put(k, decode(v)));

        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(exchange.getRequestMethod()).withPath(path).withProtocol(exchange.getProtocol())
                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .withUserAgent(headers.get("user-agent")).build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000").withApiId("local").withDomainName("localhost")
                .withDomainPrefix("localhost").withHttp(http).withRequestId(UUID.randomUUID().toString())
                .withRouteKey(route.routeKey()).withStage("$default").withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toInstant().toEpochMilli());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims).withScopes(List.of()).build()).build());
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(decodedParams.isEmpty() ? null : decodedParams)
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8)
                        : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(!text)
                .withRequestContext(context.build())
                .build();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response == null) {
            send(exchange, 500, "{\"message\":\"Internal Server Error\"}");
            return;
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) ->
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0] : response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        LocalHttp.respond(exchange, response.getStatusCode(), bytes);
    }

    /** Writes a small JSON answer (also used by mounted local handlers). */
    public static void send(HttpExchange exchange, int status, String json) throws IOException {
        LocalHttp.respond(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
