package com.creatorflow.shared.validation.domain;

/**
 * One thing wrong with an order.
 *
 * @param field the order field at fault (JSON pointer style, e.g. {@code /lines/1/quantity})
 * @param message what is wrong, in words a creator understands
 */
public record ValidationIssue(String field, String message) {
}
