package com.creatorflow.shared.workflow;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The starter used while a workflow is not configured: logs and skips (temporary, see {@link WorkflowStarter}). */
final class NoWorkflow implements WorkflowStarter {
    private static final Logger LOG = LoggerFactory.getLogger(NoWorkflow.class);
    private final String variable;

    NoWorkflow(String variable) {
        this.variable = variable;
    }

    @Override
    public Optional<String> start(String executionName, Object input) {
        LOG.info("no workflow configured ({} is not set); skipping execution {}", variable, executionName);
        return Optional.empty();
    }
}
