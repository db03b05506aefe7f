package com.creatorflow.shared.analytics;

import com.creatorflow.shared.analytics.domain.DurationHistogram;
import com.creatorflow.shared.analytics.domain.OrderContribution;
import com.creatorflow.shared.csv.CsvSheet;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Creators' reports from the day aggregates ({@link AnalyticsAggregates}): rows grouped by day, hour, SKU, carrier,
 * shop or current state over a range of arrival days in the creator's time zone, fulfilment time percentiles, SLA,
 * automation, cancellations and returns by reason; the "today" summary; the rows as CSV.
 */
public final class AnalyticsReports {
    /** The groupings a report accepts. */
    public static final Set<String> GROUPINGS = Set.of("day", "hour", "sku", "carrier", "shop", "state");
    /** The longest range a report covers, in days. */
    public static final int MAX_DAYS = 366;
    /** How far back the today summary looks for open orders (needing attention, at risk). */
    public static final int OPEN_LOOKBACK_DAYS = 30;
    /** An open order whose ship-by is at most this far ahead (or past) is at risk. */
    public static final long AT_RISK_HOURS = 24;
    private static final List<String> CSV_COLUMNS = List.of("key", "orders", "units", "revenue", "currency",
            "cancelled", "returned", "shipped", "slaBreaches", "labelled", "carrierCost");

    private final AnalyticsAggregates aggregates;
    private final Clock clock;

    public AnalyticsReports(AnalyticsAggregates aggregates, Clock clock) {
        this.aggregates = aggregates;
        this.clock = clock;
    }

    /** An amount in a currency, as the API shows it ("12.34"). */
    public record Amount(String amount, String currency) {
        static Amount of(Map<String, Long> byCurrency, String currency) {
            return currency == null ? null : new Amount(new Money(byCurrency.getOrDefault(currency, 0L), currency)
                    .toDecimal().toPlainString(), currency);
        }
    }

    /** One report row. */
    public record Row(String key, long orders, long units, Amount revenue, long cancelled, long returned,
                      long shipped, long slaBreaches, long labelled, Amount carrierCost) {
    }

    /** A duration's percentiles (seconds, within 5%) and how many orders were measured. */
    public record Percentiles(Long p50Seconds, Long p95Seconds, long count) {
    }

    /** SLA figures: orders shipped after their ship-by, and open orders due within a day or overdue. */
    public record Sla(long breaches, long atRisk) {
    }

    /** Shipped orders no person touched, over shipped orders (null when none shipped), and the touches by reason. */
    public record Automation(Double rate, Map<String, Long> manualInterventions) {
    }

    /** A report. */
    public record Report(String timeZone, String groupBy, String from, String to, List<Row> rows,
                         Map<String, Percentiles> fulfilment, Sla sla, Automation automation,
                         Map<String, Long> cancellations, Map<String, Long> returns,
                         Map<String, Amount> revenueByCurrency) {
    }

    /** The today summary of the dashboard. */
    public record Today(String day, String timeZone, long orders, Amount revenue, long shipped, long needsAttention,
                        long atRisk, long slaBreaches) {
    }

    /** A tenant's report between two arrival days (inclusive, "2026-11-01") grouped as asked. */
    public Report report(String tenantId, String fromText, String toText, String groupBy) {
        LocalDate from = date("from", fromText);
        LocalDate to = date("to", toText);
        checkRange(from, to);
        String grouping = groupBy == null ? "day" : groupBy;
        if (!GROUPINGS.contains(grouping)) {
            throw new ValidationFailed("groupBy", "groupBy must be one of day, hour, sku, carrier, shop, state");
        }
        ZoneId zone = aggregates.zone(tenantId);
        Map<LocalDate, Map<String, Long>> days = aggregates.days(tenantId, from, to);
        Map<String, Long> totals = new TreeMap<>();
        days.values().forEach(cells -> cells.forEach((name, value) -> totals.merge(name, value, Long::sum)));
        String currency = mainCurrency(totals);

        Map<String, Map<String, Long>> rowCells = new TreeMap<>();
        if ("day".equals(grouping)) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                rowCells.put(day.toString(), new TreeMap<>());
            }
        }
        days.forEach((day, cells) -> cells.forEach((name, value) -> {
            String[] parts = name.split("\\|", 3);
            if (parts.length < 3) {
                return;
            }
            String key = switch (grouping) {
                case "day" -> "all".equals(parts[0]) ? day.toString() : null;
                case "hour" -> "hour".equals(parts[0]) ? day + "T" + parts[1] : null;
                default -> grouping.equals(parts[0]) ? parts[1] : null;
            };
            if (key != null) {
                rowCells.computeIfAbsent(key, k -> new TreeMap<>()).merge(parts[2], value, Long::sum);
            }
        }));
        List<Row> rows = new ArrayList<>();
        rowCells.forEach((key, metrics) -> rows.add(row(key, metrics, currency)));
        if (!"day".equals(grouping) && !"hour".equals(grouping)) {
            rows.sort(Comparator.comparingLong(Row::orders).reversed().thenComparing(Row::key));
        }
        Map<String, Percentiles> fulfilment = new LinkedHashMap<>();
        for (String measure : OrderContribution.MEASURES) {
            DurationHistogram histogram = histogram(totals, measure);
            fulfilment.put(measure, new Percentiles(histogram.quantileSeconds(0.5), histogram.quantileSeconds(0.95),
                    histogram.count()));
        }
        long shipped = totals.getOrDefault(OrderContribution.cell("all", "", "shipped"), 0L);
        Double rate = shipped == 0 ? null : totals.getOrDefault("auto|touchless", 0L) / (double) shipped;
        Map<String, Amount> byCurrency = new TreeMap<>();
        revenues(totals).forEach((code, minor) -> byCurrency.put(code, Amount.of(Map.of(code, minor), code)));
        return new Report(zone.getId(), grouping, from.toString(), to.toString(), rows, fulfilment,
                new Sla(totals.getOrDefault(OrderContribution.cell("all", "", "sla"), 0L), atRisk(totals)),
                new Automation(rate, prefixed(totals, "manual|")), prefixed(totals, "cancel|"),
                prefixed(totals, "return|"), byCurrency);
    }

    /** Today's figures in the creator's time zone, with open orders of the last {@value #OPEN_LOOKBACK_DAYS} days. */
    public Today today(String tenantId) {
        ZoneId zone = aggregates.zone(tenantId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Map<LocalDate, Map<String, Long>> days = aggregates.days(tenantId, today.minusDays(OPEN_LOOKBACK_DAYS),
                today);
        Map<String, Long> open = new TreeMap<>();
        days.values().forEach(cells -> cells.forEach((name, value) -> open.merge(name, value, Long::sum)));
        Map<String, Long> cells = days.getOrDefault(today, Map.of());
        Row row = row(today.toString(), metrics(cells), mainCurrency(open));
        return new Today(today.toString(), zone.getId(), row.orders(), row.revenue(), row.shipped(),
                open.getOrDefault(OrderContribution.cell("state", "NEEDS_ATTENTION", "orders"), 0L), atRisk(open),
                row.slaBreaches());
    }

    /** A report's rows as CSV (header first; cells that a spreadsheet would run as formulas are neutralised). */
    public static String csv(Report report) {
        StringBuilder out = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (Row row : report.rows()) {
            List<String> cells = List.of(quoted(row.key()), Long.toString(row.orders()), Long.toString(row.units()),
                    row.revenue() == null ? "" : row.revenue().amount(),
                    row.revenue() == null ? "" : row.revenue().currency(), Long.toString(row.cancelled()),
                    Long.toString(row.returned()), Long.toString(row.shipped()), Long.toString(row.slaBreaches()),
                    Long.toString(row.labelled()), row.carrierCost() == null ? "" : row.carrierCost().amount());
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    private static String quoted(String value) {
        String safe = CsvSheet.neutralised(value);
        return safe.matches("[A-Za-z0-9 _.:#/-]*") ? safe : "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    private static Map<String, Long> metrics(Map<String, Long> cells) {
        Map<String, Long> metrics = new TreeMap<>();
        cells.forEach((name, value) -> {
            if (name.startsWith("all||")) {
                metrics.put(name.substring(5), value);
            }
        });
        return metrics;
    }

    private static Row row(String key, Map<String, Long> metrics, String currency) {
        Map<String, Long> revenue = new TreeMap<>();
        Map<String, Long> cost = new TreeMap<>();
        metrics.forEach((metric, value) -> {
            if (metric.startsWith("rev:")) {
                revenue.put(metric.substring(4), value);
            } else if (metric.startsWith("cost:")) {
                cost.put(metric.substring(5), value);
            }
        });
        return new Row(key, metrics.getOrDefault("orders", 0L), metrics.getOrDefault("units", 0L),
                Amount.of(revenue, currency), metrics.getOrDefault("cancelled", 0L),
                metrics.getOrDefault("returned", 0L), metrics.getOrDefault("shipped", 0L),
                metrics.getOrDefault("sla", 0L), metrics.getOrDefault("labelled", 0L), Amount.of(cost, currency));
    }

    private static Map<String, Long> revenues(Map<String, Long> totals) {
        Map<String, Long> revenue = new TreeMap<>();
        totals.forEach((name, value) -> {
            if (name.startsWith("all||rev:")) {
                revenue.put(name.substring("all||rev:".length()), value);
            }
        });
        return revenue;
    }

    /** The currency most of the revenue is in (reports show amounts in it), USD when there is none. */
    private static String mainCurrency(Map<String, Long> totals) {
        return revenues(totals).entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse("USD");
    }

    private DurationHistogram histogram(Map<String, Long> totals, String measure) {
        DurationHistogram histogram = new DurationHistogram();
        String prefix = "hist|" + measure + "|";
        totals.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                histogram.add(Integer.parseInt(name.substring(prefix.length())), value);
            }
        });
        return histogram;
    }

    /** Open orders whose ship-by hour is at most {@value #AT_RISK_HOURS} hours from now (or already past). */
    private long atRisk(Map<String, Long> totals) {
        String limit = Instant.now(clock).plus(AT_RISK_HOURS, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
                .toString().substring(0, 13);
        return totals.entrySet().stream().filter(e -> e.getKey().startsWith("due|")
                        && e.getKey().substring(4).compareTo(limit) <= 0)
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<String, Long> prefixed(Map<String, Long> totals, String prefix) {
        Map<String, Long> found = new TreeMap<>();
        totals.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != 0) {
                found.put(name.substring(prefix.length()), value);
            }
        });
        return found;
    }

    /** Refuses a range that ends before it starts or spans more than {@value #MAX_DAYS} days (naming {@code to}). */
    static void checkRange(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(MAX_DAYS - 1).isBefore(to)) {
            throw new ValidationFailed("to", "to must be on or after from, at most " + MAX_DAYS + " days later");
        }
    }

    /** A required date parameter ("2026-11-25"), or a 400 naming the field. */
    static LocalDate date(String field, String text) {
        if (text == null) {
            throw new ValidationFailed(field, field + " is required, a date like 2026-11-25");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed(field, field + " must be a date like 2026-11-25");
        }
        if (date.getYear() < 2000 || date.getYear() > 2999) {
            throw new ValidationFailed(field, field + " must be a date between the years 2000 and 2999");
        }
        return date;
    }
}
