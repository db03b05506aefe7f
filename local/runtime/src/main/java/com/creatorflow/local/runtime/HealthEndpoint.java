package com.creatorflow.local.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** {@code GET /health}: 200 with the state of each local service when all are up, 503 otherwise. */
final class HealthEndpoint implements HttpHandler {
    private final LocalRuntime runtime;

    HealthEndpoint(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String report = runtime.healthJson();
            HttpFrontDoor.send(exchange, report.contains("\"status\":\"UP\"") ? 200 : 503, report);
        }
    }
}
