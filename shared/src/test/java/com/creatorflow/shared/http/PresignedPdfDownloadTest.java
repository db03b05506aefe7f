package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pre-signed PDF links: fetched without credentials, refused when redirected, not a PDF or aimed inside. */
class PresignedPdfDownloadTest {
    private HttpServer server;
    private URI base;
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/label.pdf", exchange -> answer(exchange, 200, "%PDF-1.4 label\n%%EOF\n"));
        server.createContext("/page.html", exchange -> answer(exchange, 200, "<html>not a label</html>"));
        server.createContext("/moved.pdf", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data");
            answer(exchange, 302, "");
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Test
    void downloadsAPdfFromTheApiHostWithoutCredentials() {
        byte[] pdf = new PresignedPdfDownload("EasyPost's label", base.resolve("/v2")).download(base.resolve(
                "/label.pdf"));
        assertThat(new String(pdf, StandardCharsets.US_ASCII)).startsWith("%PDF-1.4 label");
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void refusesARedirectANonPdfAndPlainHttpToAnotherHost() {
        PresignedPdfDownload files = new PresignedPdfDownload("EasyPost's label", base.resolve("/v2"));
        assertThatThrownBy(() -> files.download(base.resolve("/moved.pdf")))
                .isInstanceOfSatisfying(PresignedPdfDownload.Refused.class, e -> assertThat(e.status()).isEqualTo(302));
        assertThatThrownBy(() -> files.download(base.resolve("/page.html")))
                .isInstanceOf(PresignedPdfDownload.Refused.class).hasMessageContaining("not a PDF");
        PresignedPdfDownload elsewhere = new PresignedPdfDownload("EasyPost's label",
                URI.create("https://api.example"));
        assertThatThrownBy(() -> elsewhere.download(base.resolve("/label.pdf")))
                .isInstanceOf(PresignedPdfDownload.Refused.class).hasMessageContaining("must be https");
        assertThatThrownBy(() -> elsewhere.download(URI.create("https://10.1.2.3/label.pdf")))
                .isInstanceOf(PresignedPdfDownload.Refused.class).hasMessageContaining("internal address");
        assertThat(authorizations).as("only the two requests to the API host were sent").hasSize(2);
    }
}
