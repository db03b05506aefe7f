package com.creatorflow.shared.notify.domain;

import java.util.Map;

/**
 * One message made from a batch of notifications (or a digest), ready for any channel.
 *
 * @param kind the notifications' kind
 * @param severity the highest severity in the batch
 * @param count how many notifications it stands for
 * @param title the subject line / push title
 * @param text the plain-text body
 * @param html the HTML body (email)
 * @param url where the creator acts on it (the order, or the filtered list)
 * @param facts the facts a machine receiver gets (personal data only when the creator allows it)
 * @param notificationId the first notification of the batch
 */
public record RenderedMessage(String kind, String severity, int count, String title, String text, String html,
                              String url, Map<String, String> facts, String notificationId) {
}
