package com.creatorflow.shared.rules;

import java.util.List;
import java.util.regex.Pattern;

/** The check of short codes (warehouse, carrier, service level, rule ids) used by rules and actions. */
final class Codes {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Codes() {
    }

    /** No problem when the value is a code, else one problem naming the field. */
    static List<String> check(String field, String value) {
        return value == null || !CODE.matcher(value).matches()
                ? List.of(field + " must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit")
                : List.of();
    }
}
