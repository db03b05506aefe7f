package com.creatorflow.shared.http;

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
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads a PDF from a short-lived pre-signed URL an outside API answered (TikTok's shipping documents, EasyPost's
 * postage labels): no authentication sent, no redirects followed, at most {@value #MAX_BYTES} bytes, and the body must
 * be a PDF. The URL is checked before any connection: HTTPS to a host that resolves only to public addresses
 * ({@link WebhookAddressPolicy#classify}); plain HTTP only to the one configured API host (the simulator, locally).
 * A refusal is {@link Refused} with the HTTP status (0 when no request was made); an unreachable host, 429 or 5xx
 * is a {@link TransientFailure}.
 */
public final class PresignedPdfDownload {
    /** The largest file accepted. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final byte[] PDF_MAGIC = "%PDF".getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String source;
    private final URI apiBase;

    /** A link or file that was refused; {@code status} is the host's HTTP status, or 0 when none was asked. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The file host's HTTP status, 0 when the link was refused before any request. */
        public int status() {
            return status;
        }
    }

    /**
     * @param source who answered the links, for messages ("TikTok's document", "EasyPost's label")
     * @param apiBase the API host, the one host plain HTTP may reach (the simulator locally)
     */
    public PresignedPdfDownload(String source, URI apiBase) {
        this.source = source;
        this.apiBase = apiBase;
    }

    /** Downloads a file now; its link may only work for minutes. */
    public byte[] download(URI url) {
        requireAllowed(url);
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TransientFailure(source + " host is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while downloading " + source, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 500 || status == 429) {
                throw new TransientFailure(source + " host answered HTTP " + status);
            }
            if (status != 200) {
                throw new Refused(status, source + " link answered HTTP " + status);
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new Refused(status, source + " is larger than " + MAX_BYTES + " bytes");
            }
            if (bytes.length < PDF_MAGIC.length || !Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0,
                    PDF_MAGIC.length)) {
                throw new Refused(status, source + " is not a PDF");
            }
            return bytes;
        } catch (IOException e) {
            throw new TransientFailure("reading " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** Refuses a link that could reach an internal address (checked before connecting). */
    public void requireAllowed(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new Refused(0, source + " link has no plain host");
        }
        boolean apiHost = Objects.equals(scheme, apiBase.getScheme()) && url.getHost().equalsIgnoreCase(
                apiBase.getHost()) && port(url) == port(apiBase);
        if (apiHost) {
            return;
        }
        if (!scheme.equals("https")) {
            throw new Refused(0, source + " link must be https");
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (WebhookAddressPolicy.classify(address).isPresent()) {
                    throw new Refused(0, source + " link points at an internal address");
                }
            }
        } catch (UnknownHostException e) {
            throw new TransientFailure(source + " host does not resolve: " + url.getHost(), e);
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
