package com.creatorflow.local.sfn.asl;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.path.JsonPathExpression;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One Choice rule: a comparison of a {@code Variable} against a literal or another path, or a boolean combination
 * ({@code And}, {@code Or}, {@code Not}). A comparison between values of different types is false, as in AWS; a
 * {@code Variable} that selects nothing is a {@code States.Runtime} error except for {@code IsPresent}.
 */
public sealed interface ChoiceRule {
    /** Evaluates against the Choice state's effective input. */
    boolean test(JsonNode input, JsonNode context);

    /** The state to go to when a top-level rule matches (null for nested rules). */
    String next();

    /** All rules must match. */
    record And(List<ChoiceRule> rules, String next) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (ChoiceRule rule : rules) {
                if (!rule.test(input, context)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Any rule must match. */
    record Or(List<ChoiceRule> rules, String next) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (ChoiceRule rule : rules) {
                if (rule.test(input, context)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The rule must not match. */
    record Not(ChoiceRule rule, String next) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return !rule.test(input, context);
        }
    }

    /** The comparison operators of the States Language (each also exists with a {@code Path} suffix). */
    enum Operator {
        StringEquals, StringLessThan, StringGreaterThan, StringLessThanEquals, StringGreaterThanEquals, StringMatches,
        NumericEquals, NumericLessThan, NumericGreaterThan, NumericLessThanEquals, NumericGreaterThanEquals,
        BooleanEquals,
        TimestampEquals, TimestampLessThan, TimestampGreaterThan, TimestampLessThanEquals, TimestampGreaterThanEquals,
        IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp;

        /** True for the type tests, whose operand is a boolean. */
        boolean isTypeTest() {
            return name().startsWith("Is");
        }
    }

    /**
     * A comparison.
     *
     * @param variable the path to the value compared
     * @param operator the operator
     * @param operand the literal operand (null when {@code operandPath} is used)
     * @param operandPath the path of the operand for {@code ...Path} operators
     * @param pattern the compiled pattern for StringMatches
     * @param next the target state for a top-level rule
     */
    record Comparison(JsonPathExpression variable, Operator operator, JsonNode operand, JsonPathExpression operandPath,
                      Pattern pattern, String next) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            JsonNode value;
            try {
                value = variable.evaluate(input, context);
            } catch (JsonPathExpression.PathNotFound e) {
                if (operator == Operator.IsPresent) {
                    return !operand.asBoolean();
                }
                throw StatesError.runtime("Invalid path '" + variable.text()
                        + "': The choice state's condition path references an invalid value.");
            }
            if (operator.isTypeTest()) {
                return typeTest(value) == operand.asBoolean();
            }
            JsonNode other = operand;
            if (operandPath != null) {
                try {
                    other = operandPath.evaluate(input, context);
                } catch (JsonPathExpression.PathNotFound e) {
                    throw StatesError.runtime("Invalid path '" + operandPath.text()
                            + "': The choice state's condition path references an invalid value.");
                }
            }
            return compare(value, other);
        }

        private boolean typeTest(JsonNode value) {
            return switch (operator) {
                case IsPresent -> true;
                case IsNull -> value.isNull();
                case IsNumeric -> value.isNumber();
                case IsString -> value.isTextual();
                case IsBoolean -> value.isBoolean();
                case IsTimestamp -> value.isTextual() && timestamp(value.asText()) != null;
                default -> throw new IllegalStateException(operator.name());
            };
        }

        private boolean compare(JsonNode value, JsonNode other) {
            String op = operator.name();
            if (op.startsWith("String")) {
                if (!value.isTextual() || !other.isTextual()) {
                    return false;
                }
                if (operator == Operator.StringMatches) {
                    return pattern.matcher(value.asText()).matches();
                }
                return ordered(value.asText().compareTo(other.asText()));
            }
            if (op.startsWith("Numeric")) {
                if (!value.isNumber() || !other.isNumber()) {
                    return false;
                }
                return ordered(value.decimalValue().compareTo(other.decimalValue()));
            }
            if (op.startsWith("Boolean")) {
                return value.isBoolean() && other.isBoolean() && value.asBoolean() == other.asBoolean();
            }
            OffsetDateTime left = value.isTextual() ? timestamp(value.asText()) : null;
            OffsetDateTime right = other.isTextual() ? timestamp(other.asText()) : null;
            if (left == null || right == null) {
                return false;
            }
            return ordered(left.toInstant().compareTo(right.toInstant()));
        }

        private boolean ordered(int comparison) {
            String op = operator.name();
            if (op.endsWith("LessThanEquals")) {
                return comparison <= 0;
            }
            if (op.endsWith("GreaterThanEquals")) {
                return comparison >= 0;
            }
            if (op.endsWith("LessThan")) {
                return comparison < 0;
            }
            if (op.endsWith("GreaterThan")) {
                return comparison > 0;
            }
            return comparison == 0;
        }
    }

    /** Parses an RFC 3339 timestamp (uppercase T and Z), or returns null. */
    static OffsetDateTime timestamp(String text) {
        if (text.indexOf('T') < 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Compiles a StringMatches pattern: {@code *} matches any run of characters, {@code \*} and {@code \\} are literal. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                regex.append(Pattern.quote(literal.toString())).append(".*");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
