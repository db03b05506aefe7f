package com.creatorflow.shared.tiktok.domain;

import com.creatorflow.shared.http.Problem;
import java.util.List;

/**
 * What the intake did with a webhook and how to answer TikTok: 200 or 401 with an empty body (TikTok's contract),
 * problem+json for the other refusals.
 *
 * @param status the HTTP status
 * @param reason the metric and log reason (accepted, duplicate, bad_signature, ...)
 * @param problem the problem document for 4xx/5xx answers other than 401, else null
 */
public record IntakeOutcome(int status, String reason, Problem problem) {
    public static IntakeOutcome ok(String reason) {
        return new IntakeOutcome(200, reason, null);
    }

    public static IntakeOutcome unauthorized(String reason) {
        return new IntakeOutcome(401, reason, null);
    }

    public static IntakeOutcome refused(int status, String reason, String title, String detail,
                                 List<Problem.FieldError> errors) {
        return new IntakeOutcome(status, reason, new Problem("https://creatorflow.dev/problems/" + title, title,
                status, detail, errors));
    }
}
