package com.creatorflow.bench.chaos;

import com.creatorflow.bench.BenchReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a chaos or soak run found: figures ({@code name.metric = value unit}, the shape the benchmarks print) and
 * violations by check. A run passes when there is no violation.
 */
public final class RunReport {
    private static final int SHOWN_PER_CHECK = 10;

    private final String name;
    private final PrintStream out;
    private final BenchReport figures;
    private final Map<String, List<String>> violations = new LinkedHashMap<>();

    /**
     * @param name the prefix of the figures ("chaos", "soak")
     * @param out where figures and notes are printed as they come
     */
    public RunReport(String name, PrintStream out) {
        this.name = name;
        this.out = out;
        this.figures = new BenchReport(name, out);
    }

    /** Prints a figure. */
    public void figure(String metric, double value, String unit) {
        figures.figure(metric, value, unit);
    }

    /** Prints a note. */
    public void note(String text) {
        figures.note(text);
    }

    /** Records that a check failed on one item. */
    public void violation(String check, String what) {
        synchronized (violations) {
            violations.computeIfAbsent(check, c -> new ArrayList<>()).add(what);
        }
    }

    /** Makes sure a check is listed even when it found nothing (so the summary shows it ran). */
    public void checked(String check) {
        synchronized (violations) {
            violations.computeIfAbsent(check, c -> new ArrayList<>());
        }
    }

    /** Violations by check (checks that found none have an empty list). */
    public Map<String, List<String>> violations() {
        synchronized (violations) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            violations.forEach((check, found) -> copy.put(check, List.copyOf(found)));
            return copy;
        }
    }

    /** True when no check failed. */
    public boolean passed() {
        return violations().values().stream().allMatch(List::isEmpty);
    }

    /** Prints every check with its count and its first few violations, then PASSED or FAILED. */
    public void summary() {
        out.println("# checks:");
        violations().forEach((check, found) -> {
            out.printf(Locale.ROOT, "#   %-28s %s%n", check, found.isEmpty() ? "ok" : found.size() + " violation(s)");
            found.stream().limit(SHOWN_PER_CHECK).forEach(v -> out.println("#     - " + v));
            if (found.size() > SHOWN_PER_CHECK) {
                out.println("#     ... and " + (found.size() - SHOWN_PER_CHECK) + " more");
            }
        });
        long total = violations().values().stream().mapToLong(List::size).sum();
        out.println(passed() ? name.toUpperCase(Locale.ROOT) + " PASSED"
                : name.toUpperCase(Locale.ROOT) + " FAILED: " + total + " violation(s)");
    }

    /** A one-line summary of the failed checks, for an assertion message. */
    public String failures() {
        StringBuilder text = new StringBuilder();
        violations().forEach((check, found) -> {
            if (!found.isEmpty()) {
                text.append(check).append(": ").append(found.size()).append(" (first: ").append(found.get(0))
                        .append("); ");
            }
        });
        return text.toString();
    }
}
