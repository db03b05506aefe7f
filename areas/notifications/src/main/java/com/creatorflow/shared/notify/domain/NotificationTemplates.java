package com.creatorflow.shared.notify.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a batch of notifications of one kind into a message: a subject, a text and an HTML body per kind, with the
 * order's facts for a single notification and a count and a link to the inbox for many. Buyers' personal data stays
 * out unless the creator allowed it: only the facts in {@link #PLAIN_FACTS} are kept otherwise.
 */
public final class NotificationTemplates {
    /** Facts that never identify a buyer. */
    static final Set<String> PLAIN_FACTS = Set.of("orderId", "sku", "available", "threshold", "reason", "from", "to",
            "state", "carrier", "shipBy", "jobId", "job", "total", "shopId", "status", "succeeded", "failed", "version", "trackingStatus");

    private final String dashboardUrl;

    /** @param dashboardUrl where links point (the dashboard's origin, no trailing slash) */
    public NotificationTemplates(String dashboardUrl) {
        this.dashboardUrl = dashboardUrl.endsWith("/") ? dashboardUrl.substring(0, dashboardUrl.length() - 1)
                : dashboardUrl;
    }

    /**
     * The message for a batch.
     *
     * @param first the batch's first notification (its facts)
     * @param count how many notifications the batch holds
     * @param severity the highest severity among them
     * @param includePii whether buyers' personal data may appear
     */
    public RenderedMessage render(Notification first, int count, String severity, boolean includePii) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (first.orderId() != null) {
            facts.put("orderId", first.orderId());
        }
        first.data().forEach((key, value) -> {
            if (includePii || PLAIN_FACTS.contains(key)) {
                facts.put(key, value);
            }
        });
        String kind = first.kind();
        String title = count == 1 ? single(kind, first) : many(kind, count);
        String url = count == 1 && first.orderId() != null ? dashboardUrl + "/#order/" + first.orderId()
                : dashboardUrl + "/#notifications";
        String text = count == 1 ? first.message() : count + " notifications of this kind arrived together. Latest: "
                + first.message();
        if (!includePii && count == 1 && !PLAIN_FACTS.containsAll(first.data().keySet())) {
            text = title + ".";
        }
        return new RenderedMessage(kind, severity, count, title, text, html(title, text, facts, url), url, facts,
                first.id());
    }

    /** The daily digest of a member: counts by kind since the last one. */
    public RenderedMessage digest(Map<String, Integer> countsByKind, String day) {
        int total = countsByKind.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder text = new StringBuilder(total == 0 ? "Nothing needed you in the last day." : "");
        countsByKind.forEach((kind, n) -> text.append(many(kind, n)).append('\n'));
        Map<String, String> facts = new LinkedHashMap<>();
        countsByKind.forEach((kind, n) -> facts.put(kind, String.valueOf(n)));
        String title = "Your CreatorFlow summary for " + day;
        String url = dashboardUrl + "/#notifications";
        return new RenderedMessage(NotificationKinds.DAILY_DIGEST, "INFO", total, title, text.toString().strip(),
                html(title, text.toString().strip(), facts, url), url, facts, null);
    }

    private static String single(String kind, Notification n) {
        String order = n.orderId() == null ? "" : " " + n.orderId();
        return switch (kind) {
            case NotificationKinds.NEEDS_ATTENTION -> "Order" + order + " needs attention";
            case NotificationKinds.SLA_AT_RISK -> "Order" + order + " must ship by " + n.data().getOrDefault("shipBy",
                    "its ship-by time");
            case NotificationKinds.INVENTORY_LOW -> "Low stock: " + n.data().getOrDefault("sku", "a SKU");
            case NotificationKinds.CARRIER_EXCEPTION -> "Carrier exception on order" + order;
            case NotificationKinds.TIKTOK_SYNC_FAILED -> "TikTok sync failed";
            case NotificationKinds.SHOP_RECONNECT -> "Your TikTok shop needs reconnecting";
            case NotificationKinds.BULK_JOB_FINISHED -> "Bulk job finished";
            default -> "Order" + order + ": " + kind.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    private static String many(String kind, int count) {
        return switch (kind) {
            case NotificationKinds.NEEDS_ATTENTION -> count + " orders need attention";
            case NotificationKinds.SLA_AT_RISK -> count + " orders are close to their ship-by time";
            case NotificationKinds.INVENTORY_LOW -> count + " SKUs are low on stock";
            case NotificationKinds.CARRIER_EXCEPTION -> count + " orders have carrier exceptions";
            case NotificationKinds.TIKTOK_SYNC_FAILED -> count + " TikTok syncs failed";
            case NotificationKinds.SHOP_RECONNECT -> count + " TikTok shops need reconnecting";
            case NotificationKinds.BULK_JOB_FINISHED -> count + " bulk jobs finished";
            default -> count + " notifications: " + kind.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    private static String html(String title, String text, Map<String, String> facts, String url) {
        StringBuilder html = new StringBuilder("<html><body><h2>").append(escape(title)).append("</h2><p>")
                .append(escape(text).replace("\n", "<br>")).append("</p>");
        if (!facts.isEmpty()) {
            html.append("<table>");
            facts.forEach((key, value) -> html.append("<tr><th align=\"left\">").append(escape(key))
                    .append("</th><td>").append(escape(value)).append("</td></tr>"));
            html.append("</table>");
        }
        return html.append("<p><a href=\"").append(escape(url)).append("\">Open in CreatorFlow</a></p></body></html>")
                .toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
