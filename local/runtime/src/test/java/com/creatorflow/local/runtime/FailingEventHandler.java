package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.shared.config.Env;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A function for tests that records each payload it gets and always fails. */
public final class FailingEventHandler implements RequestStreamHandler {
    /** Every payload received, in order. */
    static final List<String> PAYLOADS = new CopyOnWriteArrayList<>();

    public FailingEventHandler(Env env) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        PAYLOADS.add(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        throw new IllegalStateException("the notifier is down");
    }
}
