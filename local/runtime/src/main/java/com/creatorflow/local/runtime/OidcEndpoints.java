package com.creatorflow.local.runtime;

import com.creatorflow.shared.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * {@code GET /.well-known/openid-configuration} and {@code GET /.well-known/jwks.json}: the local issuer's discovery
 * document and its public keys (never the private parts), where an OpenID Connect client or API Gateway looks for
 * them below the issuer URL.
 */
final class OidcEndpoints implements HttpHandler {
    private final LocalIssuer issuer;

    OidcEndpoints(LocalIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case LocalIssuer.DISCOVERY_PATH -> Json.write(issuer.discovery());
                case LocalIssuer.JWKS_PATH -> issuer.publicKeys().toString(true);
                default -> null;
            };
            if (body == null) {
                HttpFrontDoor.send(exchange, 404, "{\"message\":\"Not Found\"}");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                HttpFrontDoor.send(exchange, 405, "{\"message\":\"use GET\"}");
            } else {
                exchange.getResponseHeaders().set("Cache-Control", "public, max-age=300");
                HttpFrontDoor.send(exchange, 200, body);
            }
        }
    }
}
