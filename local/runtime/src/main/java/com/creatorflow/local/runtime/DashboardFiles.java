package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.LocalHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the dashboard's build ({@code dashboard/dist/} of the project, written by {@code npm run build} in the Maven
 * build of this module) under {@code /dashboard/}; in AWS the same files are served from S3 behind CloudFront. Only
 * files inside the folder are served.
 */
final class DashboardFiles implements HttpHandler {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "json", "application/json",
            "webmanifest", "application/manifest+json");

    private final Path root;

    DashboardFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String relative = exchange.getRequestURI().getPath().replaceFirst("^/dashboard/?", "");
            Path file = root.resolve(relative.isEmpty() ? "index.html" : relative).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                HttpFrontDoor.send(exchange, 404, Files.isDirectory(root) ? "{\"message\":\"Not Found\"}"
                        : "{\"message\":\"the dashboard is not built: mvn package -pl local/runtime (npm run build)\"}");
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            byte[] bytes = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Cache-Control", relative.startsWith("assets/")
                    ? "public, max-age=31536000, immutable" : "no-cache");
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'");
            LocalHttp.respond(exchange, 200, type, bytes);
        }
    }
}
