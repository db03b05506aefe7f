package com.creatorflow.local.stack;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Answers of the local servers (front door, Step Functions, EventBridge) on the JDK's {@link HttpExchange}. */
public final class LocalHttp {
    private LocalHttp() {
    }

    /** Sends a status and a body with this content type (and any headers already set on the exchange). */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        respond(exchange, status, body);
    }

    /**
     * Sends a status and a body with the headers already set on the exchange; an empty body goes as
     * {@code Content-Length: 0}.
     */
    public static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
