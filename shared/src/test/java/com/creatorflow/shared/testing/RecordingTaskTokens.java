package com.creatorflow.shared.testing;

import com.creatorflow.shared.workflow.TaskTokens;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Task tokens that keep the results they are given instead of sending them to Step Functions, for tests. */
public final class RecordingTaskTokens implements TaskTokens {
    /**
     * One task result.
     *
     * @param taskToken the token answered
     * @param success whether it was a success
     * @param payload the output JSON (success) or the error name (failure)
     */
    public record Sent(String taskToken, boolean success, String payload) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public boolean succeed(String taskToken, String outputJson) {
        sent.add(new Sent(taskToken, true, outputJson));
        return true;
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
        sent.add(new Sent(taskToken, false, error));
        return true;
    }

    /** Every result sent so far. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
