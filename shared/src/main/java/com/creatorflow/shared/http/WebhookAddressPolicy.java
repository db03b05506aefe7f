package com.creatorflow.shared.http;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a creator's webhook URL may be called: HTTPS only, and every address its host resolves to must be
 * a public one. Loopback, unspecified, link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10),
 * private (10/8, 172.16/12, 192.168/16), unique-local (fc00::/7), CGNAT (100.64.0.0/10), multicast and reserved
 * ranges are refused, including IPv4 addresses carried inside IPv6 ones (mapped, compatible, NAT64, 6to4). Loopback
 * (and plain http to it) is allowed only when {@code WEBHOOK_ALLOW_LOOPBACK=true}, which the local runtime sets.
 */
public final class WebhookAddressPolicy {
    /** Resolves a host name to its addresses (the system resolver, or a fixed table in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowLoopback;
    private final Resolver resolver;

    /**
     * @param allowLoopback whether loopback targets are allowed (the local runtime only)
     * @param resolver how host names are resolved
     */
    public WebhookAddressPolicy(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** The policy of a function: the system resolver, loopback only when {@code WEBHOOK_ALLOW_LOOPBACK=true}. */
    public static WebhookAddressPolicy fromEnv(Env env) {
        return new WebhookAddressPolicy(env.getBoolean("WEBHOOK_ALLOW_LOOPBACK", false),
                InetAddress::getAllByName);
    }

    /**
     * Checks a URL; returns it parsed, or throws {@link ValidationFailed} naming {@code field} with the reason.
     * The host is resolved now, so a name that points at a refused address is refused like the address itself.
     */
    public URI check(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new ValidationFailed(field, field + " is not a URL");
        }
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || host.isBlank()) {
            throw new ValidationFailed(field, field + " must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ValidationFailed(field, field + " must not carry user credentials");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new ValidationFailed(field, field + " must use https");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new ValidationFailed(field, field + " names a host that does not resolve: " + host);
        }
        if (addresses == null || addresses.length == 0) {
            throw new ValidationFailed(field, field + " names a host that does not resolve: " + host);
        }
        boolean allLoopback = Arrays.stream(addresses).allMatch(a -> classify(a).filter("loopback"::equals)
                .isPresent());
        for (InetAddress address : addresses) {
            Optional<String> kind = classify(address);
            if (kind.isPresent() && !(allowLoopback && kind.get().equals("loopback"))) {
                throw new ValidationFailed(field, field + " must not point at a " + kind.get() + " address ("
                        + address.getHostAddress() + ")");
            }
        }
        if (scheme.equals("http") && !(allowLoopback && allLoopback)) {
            throw new ValidationFailed(field, field + " must use https");
        }
        return uri;
    }

    /** The kind of non-public address this is (loopback, private, link-local, ...), or empty for a public one. */
    public static Optional<String> classify(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<Inet4Address> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return classify(embedded.get());
            }
            if (v6.isLoopbackAddress()) {
                return Optional.of("loopback");
            }
            if (v6.isAnyLocalAddress()) {
                return Optional.of("unspecified");
            }
            if (v6.isLinkLocalAddress() || (b[0] == (byte) 0xfe && (b[1] & 0xc0) == 0x80)) {
                return Optional.of("link-local");
            }
            if (v6.isSiteLocalAddress()) {
                return Optional.of("site-local");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("unique-local");
            }
            if (v6.isMulticastAddress()) {
                return Optional.of("multicast");
            }
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8) {
                return Optional.of("documentation");
            }
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 127) {
            return Optional.of("loopback");
        }
        if (first == 0) {
            return Optional.of("unspecified");
        }
        if (first == 169 && second == 254) {
            return Optional.of(address.getHostAddress().equals("169.254.169.254") ? "metadata" : "link-local");
        }
        if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
            return Optional.of("private");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("CGNAT");
        }
        if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("reserved");
        }
        if (first == 198 && (second & 0xfe) == 18) {
            return Optional.of("reserved");
        }
        if (first >= 224) {
            return Optional.of(first < 240 ? "multicast" : "reserved");
        }
        return Optional.empty();
    }

    /** An IPv4 address inside an IPv6 one: mapped (::ffff:0:0/96), compatible (::/96), NAT64 (64:ff9b::/96), 6to4. */
    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        if (mapped || compatible || nat64) {
            return Optional.of(ipv4(b[12], b[13], b[14], b[15]));
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(ipv4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static Inet4Address ipv4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
