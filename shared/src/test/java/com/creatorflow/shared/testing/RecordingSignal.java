package com.creatorflow.shared.testing;

import com.creatorflow.shared.workflow.WorkflowSignal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A workflow signal that keeps the task results it is given, for tests. */
public final class RecordingSignal implements WorkflowSignal {
    /**
     * One task result.
     *
     * @param taskToken the token answered
     * @param success whether it was a success
     * @param payload the output (success) or the error name (failure)
     */
    public record Sent(String taskToken, boolean success, Object payload) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void success(String taskToken, Object output) {
        sent.add(new Sent(taskToken, true, output));
    }

    @Override
    public void failure(String taskToken, String error, String cause) {
        sent.add(new Sent(taskToken, false, error));
    }

    /** Every result sent so far. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
