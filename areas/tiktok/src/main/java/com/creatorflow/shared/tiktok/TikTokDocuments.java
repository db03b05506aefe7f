package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.http.PresignedPdfDownload;
import java.net.URI;

/**
 * Downloads TikTok's shipping documents from the short-lived pre-signed URLs Get Package Shipping Document answers:
 * no TikTok authentication, no redirects followed, at most {@value #MAX_BYTES} bytes, and the body must be a PDF.
 * The URL comes from TikTok's answer, not from a user, but is still checked before any connection: HTTPS to a host
 * that resolves to no loopback, link-local, private or wildcard address; plain HTTP only to the configured API host
 * (the simulator, locally). An expired link (HTTP 403, as S3 answers) is {@link LinkExpired}, so the caller asks
 * TikTok for a fresh one.
 */
public final class TikTokDocuments {
    /** The largest document accepted. */
    public static final int MAX_BYTES = PresignedPdfDownload.MAX_BYTES;

    private final PresignedPdfDownload files;

    /** A document link that no longer works; ask TikTok for a new one. */
    public static final class LinkExpired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkExpired(String message) {
            super(message, null, false, false);
        }
    }

    /** @param apiBase the Partner API host, the one host plain HTTP may reach (the simulator locally) */
    public TikTokDocuments(URI apiBase) {
        this.files = new PresignedPdfDownload("TikTok's document", apiBase);
    }

    /** Downloads a document now; its link may only work for minutes. */
    public byte[] download(URI url) {
        try {
            return files.download(url);
        } catch (PresignedPdfDownload.Refused e) {
            throw translate(e);
        }
    }

    /** Refuses a link that could reach an internal address (checked before connecting). */
    void requireAllowed(URI url) {
        try {
            files.requireAllowed(url);
        } catch (PresignedPdfDownload.Refused e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(PresignedPdfDownload.Refused e) {
        if (e.status() == 403) {
            return new LinkExpired("TikTok's document link expired (HTTP 403)");
        }
        return new TikTokRejected(0, e.getMessage());
    }
}
