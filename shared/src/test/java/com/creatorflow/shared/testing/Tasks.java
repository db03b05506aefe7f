package com.creatorflow.shared.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Invokes stream handlers (workflow steps) with JSON, as Lambda does, for tests. */
public final class Tasks {
    private Tasks() {
    }

    /** Invokes with a value serialised to JSON; returns the JSON result. */
    public static JsonNode invoke(RequestStreamHandler handler, Object input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(input)), out,
                    LocalLambdaContext.forTest(handler.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.tree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
