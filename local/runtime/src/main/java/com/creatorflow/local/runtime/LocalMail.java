package com.creatorflow.local.runtime;

import com.creatorflow.shared.json.Json;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stand-in for Amazon SES: an embedded GreenMail SMTP server on 127.0.0.1 that the notification
 * functions send to ({@code NOTIFY_EMAIL=smtp}), with {@code GET /local/mail} listing what it received (to,
 * subject, text) for people and tests.
 */
final class LocalMail implements AutoCloseable, HttpHandler {
    private final GreenMail server;

    private LocalMail(int port) {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** Starts the server on a port (0: a free one). */
    static LocalMail start(int port) {
        return new LocalMail(port == 0 ? com.creatorflow.local.stack.FreePorts.pick() : port);
    }

    /** The variables that point the functions at this server. */
    Map<String, String> functionVariables() {
        return Map.of("NOTIFY_EMAIL", "smtp", "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", String.valueOf(server.getSmtp().getPort()));
    }

    /** Every mail received so far. */
    MimeMessage[] received() {
        return server.getReceivedMessages();
    }

    int port() {
        return server.getSmtp().getPort();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            List<Map<String, String>> items = new ArrayList<>();
            for (MimeMessage message : received()) {
                Map<String, String> item = new LinkedHashMap<>();
                try {
                    item.put("to", String.valueOf(message.getAllRecipients()[0]));
                    item.put("subject", message.getSubject());
                } catch (MessagingException e) {
                    item.put("error", e.getMessage());
                }
                item.put("body", GreenMailUtil.getBody(message));
                items.add(item);
            }
            HttpFrontDoor.send(exchange, 200, Json.write(Map.of("items", items)));
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
