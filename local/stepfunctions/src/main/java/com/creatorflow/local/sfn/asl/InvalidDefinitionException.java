package com.creatorflow.local.sfn.asl;

import java.util.List;
import java.util.stream.Collectors;

/** A definition that does not validate, with every problem found (as {@code ValidateStateMachineDefinition} lists them). */
public final class InvalidDefinitionException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    /** @param diagnostics the problems, at least one */
    public InvalidDefinitionException(List<Diagnostic> diagnostics) {
        super("Invalid State Machine Definition: '" + diagnostics.stream().map(Diagnostic::toString)
                .collect(Collectors.joining(", ")) + "'");
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** The problems found. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * One problem.
     *
     * @param code an AWS-style code ({@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET}, ...)
     * @param message what is wrong
     * @param location where, as a JSON pointer into the definition
     */
    public record Diagnostic(String code, String message, String location) {
        @Override
        public String toString() {
            return code + ": " + message + (location == null ? "" : " at " + location);
        }
    }
}
