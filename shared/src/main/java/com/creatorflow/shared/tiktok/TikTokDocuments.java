package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.TransientFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

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
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final byte[] PDF_MAGIC = "%PDF".getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI apiBase;

    /** A document link that no longer works; ask TikTok for a new one. */
    public static final class LinkExpired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkExpired(String message) {
            super(message, null, false, false);
        }
    }

    /** @param apiBase the Partner API host, the one host plain HTTP may reach (the simulator locally) */
    public TikTokDocuments(URI apiBase) {
        this.apiBase = apiBase;
    }

    /** Downloads a document now; its link may only work for minutes. */
    public byte[] download(URI url) {
        requireAllowed(url);
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransientFailure("TikTok's document host is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while downloading a TikTok document", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 403) {
                throw new LinkExpired("TikTok's document link expired (HTTP 403)");
            }
            if (status >= 500 || status == 429) {
                throw new TransientFailure("TikTok's document host answered HTTP " + status);
            }
            if (status != 200) {
                throw new TikTokRejected(0, "TikTok's document link answered HTTP " + status);
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TikTokRejected(0, "TikTok's document is larger than " + MAX_BYTES + " bytes");
            }
            if (bytes.length < PDF_MAGIC.length || !Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0,
                    PDF_MAGIC.length)) {
                throw new TikTokRejected(0, "TikTok's document is not a PDF");
            }
            return bytes;
        } catch (IOException e) {
            throw new TransientFailure("reading TikTok's document failed: " + e.getMessage(), e);
        }
    }

    /** Refuses a link that could reach an internal address (checked before connecting). */
    void requireAllowed(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new TikTokRejected(0, "TikTok's document link has no plain host");
        }
        boolean apiHost = Objects.equals(scheme, apiBase.getScheme()) && url.getHost().equalsIgnoreCase(
                apiBase.getHost()) && port(url) == port(apiBase);
        if (apiHost) {
            return;
        }
        if (!scheme.equals("https")) {
            throw new TikTokRejected(0, "TikTok's document link must be https");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()
                        || uniqueLocal(address)) {
                    throw new TikTokRejected(0, "TikTok's document link points at an internal address");
                }
            }
        } catch (UnknownHostException e) {
            throw new TransientFailure("TikTok's document host does not resolve: " + url.getHost(), e);
        }
    }

    private static boolean uniqueLocal(InetAddress address) {
        byte[] raw = address.getAddress();
        return raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
