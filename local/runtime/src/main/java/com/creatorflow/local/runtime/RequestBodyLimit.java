package com.creatorflow.local.runtime;

import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.json.Json;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Caps the size of request bodies before a handler reads them, as API Gateway does (its payload limit is 10 MB):
 * a declared {@code Content-Length} over the cap is answered {@code 413} at once, without reading the body; a body
 * without a length (chunked) is read up to the cap and answered {@code 413} when it goes past it. Webhooks
 * ({@code /webhooks/...}: TikTok Shop's notifications and carriers' tracking events are a few kilobytes) get a
 * tighter cap of 256 KiB, so a sender cannot make the runtime hold megabytes per request. The answer closes the
 * connection; before that, up to {@value #DISCARDED_BYTES} bytes of the refused body are read and thrown away, so a
 * sender still writing it can finish and read the 413 instead of having its connection reset under it.
 */
final class RequestBodyLimit extends Filter {
    /** API Gateway's payload limit. */
    static final long API_BYTES = 10L * 1024 * 1024;
    /** The cap for webhook routes. */
    static final long WEBHOOK_BYTES = 256L * 1024;
    /** How much of a refused body is read and thrown away before the connection closes. */
    static final int DISCARDED_BYTES = 2 * 1024 * 1024;

    @Override
    public String description() {
        return "request body limit: " + API_BYTES + " bytes, " + WEBHOOK_BYTES + " bytes under /webhooks/";
    }

    /** The cap for a request path. */
    static long limitFor(String path) {
        return path.startsWith("/webhooks/") ? WEBHOOK_BYTES : API_BYTES;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long limit = limitFor(exchange.getRequestURI().getRawPath());
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                reject(exchange, 400, "InvalidContentLength", "Content-Length is not a number: " + declared, false);
                return;
            }
            if (length > limit) {
                reject(exchange, 413, "PayloadTooLarge", "the request body has " + length
                        + " bytes; at most " + limit + " are accepted here", true);
                return;
            }
        } else if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes((int) limit + 1);
            }
            if (body.length > limit) {
                reject(exchange, 413, "PayloadTooLarge", "the request body has more than " + limit
                        + " bytes; at most " + limit + " are accepted here", true);
                return;
            }
            exchange.setStreams(new ByteArrayInputStream(body), null);
        }
        chain.doFilter(exchange);
    }

    private static void reject(HttpExchange exchange, int status, String title, String detail, boolean discardBody)
            throws IOException {
        try (exchange) {
            byte[] problem = Json.write(Problem.of(status, title, detail)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(status, problem.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(problem);
                out.flush();
                if (discardBody) {
                    discard(exchange.getRequestBody());
                }
            }
        }
    }

    /** Reads and drops what the sender still writes of a refused body, up to {@link #DISCARDED_BYTES}. */
    private static void discard(InputStream body) {
        try {
            body.skipNBytes(DISCARDED_BYTES);
        } catch (IOException bodyEndedOrSenderGone) {
            // the body ended, or the sender closed first: nothing left to drop
        }
    }
}
