package com.creatorflow.local.sfn.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of a distributed Map ({@code ProcessorConfig.Mode: DISTRIBUTED}) that an inline one lacks, as written in
 * the definition (their parameters are evaluated when the Map state runs, in the state's query language).
 *
 * @param itemReader {@code ItemReader}, or null (items come from the state input)
 * @param itemBatcher {@code ItemBatcher}, or null
 * @param resultWriter {@code ResultWriter}, or null
 * @param executionType {@code ProcessorConfig.ExecutionType}: STANDARD or EXPRESS
 * @param label {@code Label}, or the state's name: names the Map Run and its child executions
 */
public record DistributedMap(JsonNode itemReader, JsonNode itemBatcher, JsonNode resultWriter,
                             String executionType, String label) {
    /** ItemReader resources the engine reads. */
    public static final java.util.Set<String> READERS = java.util.Set.of("arn:aws:states:::s3:getObject",
            "arn:aws:states:::s3:listObjectsV2");
    /** The ResultWriter resource. */
    public static final String WRITER = "arn:aws:states:::s3:putObject";
}
