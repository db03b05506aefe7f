package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A function for {@link AsyncInvocationsProbe}: prints {@code RUNNING} and the event's marker, then holds the
 * invocation for good ({@code hold}) or prints {@code RAN} and the marker ({@code run}).
 */
public final class ProbeEventHandler implements RequestStreamHandler {
    /** The variable naming the mode. */
    static final String MODE = "PROBE_MODE";

    private final boolean hold;

    public ProbeEventHandler(Env env) {
        this.hold = "hold".equals(env.get(MODE, "run"));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String marker = Json.tree(new String(input.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .path("marker").asText();
        System.out.println("RUNNING " + marker);
        System.out.flush();
        if (hold) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        System.out.println("RAN " + marker);
        System.out.flush();
    }
}
