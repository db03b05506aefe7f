package com.creatorflow.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.csv.CsvRejected;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.RateLimited;
import com.creatorflow.shared.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds API Gateway HTTP API responses: JSON bodies, problem documents, and the one mapping from domain errors to
 * HTTP statuses.
 */
public final class ApiResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);

    private ApiResponses() {
    }

    /**
     * Runs a route and turns its failures into answers: domain errors into their 4xx/5xx problem, anything
     * unexpected into a logged 500 that reveals nothing internal.
     */
    public static APIGatewayV2HTTPResponse handle(Supplier<APIGatewayV2HTTPResponse> route) {
        try {
            return route.get();
        } catch (CreatorFlowException e) {
            LOG.info("request refused: {} {}", e.errorName(), e.getMessage());
            return error(e);
        } catch (RuntimeException e) {
            LOG.error("request failed", e);
            return problem(Problem.of(500, "InternalError", "the request failed; it has been logged"));
        }
    }

    /** A JSON answer. */
    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(Json.write(body)).build();
    }

    /** The entity tag of a stored version: strong, quoted, the version number ({@code "7"}). */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** A JSON answer about one stored resource, with its {@code ETag} for a later {@code If-Match}. */
    public static APIGatewayV2HTTPResponse json(int status, Object body, long version) {
        APIGatewayV2HTTPResponse response = json(status, body);
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put("ETag", etag(version));
        response.setHeaders(headers);
        return response;
    }

    /** An empty answer. */
    public static APIGatewayV2HTTPResponse empty(int status) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(Map.of()).withBody("").build();
    }

    /** A problem answer. */
    public static APIGatewayV2HTTPResponse problem(Problem problem) {
        return problem(problem, Map.of());
    }

    /** A problem answer with extra headers (Retry-After, ...). */
    public static APIGatewayV2HTTPResponse problem(Problem problem, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", "application/problem+json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(problem.status()).withHeaders(headers)
                .withBody(Json.write(problem)).build();
    }

    /** The answer for a domain error: its status, its name as the title, the field when it names one. */
    public static APIGatewayV2HTTPResponse error(CreatorFlowException error) {
        if (error instanceof CsvRejected rejected) {
            return problem(rejected.problem());
        }
        Problem problem = Problem.ofField(error.httpStatus(), error.errorName(), error.field(), error.getMessage());
        if (error instanceof RateLimited limited) {
            return problem(problem, Map.of("Retry-After", Long.toString(limited.retryAfterSeconds())));
        }
        return problem(problem);
    }
}
