package com.creatorflow.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every 4xx/5xx answer ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time
 * @param errors the fields at fault, when the problem is about input
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    /**
     * A field at fault.
     *
     * @param field the JSON pointer or name of the field
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }

    /** A problem about one field. */
    public static Problem ofField(int status, String title, String field, String detail) {
        return new Problem(typeFor(title), title, status, detail,
                field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    /** A problem not tied to a field. */
    public static Problem of(int status, String title, String detail) {
        return new Problem(typeFor(title), title, status, detail, List.of());
    }

    private static String typeFor(String title) {
        return "https://creatorflow.dev/problems/" + title;
    }
}
