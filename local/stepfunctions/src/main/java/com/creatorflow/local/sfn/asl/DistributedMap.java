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
 */
public record DistributedMap(JsonNode itemReader, JsonNode itemBatcher, JsonNode resultWriter,
                             String executionType) {
}
