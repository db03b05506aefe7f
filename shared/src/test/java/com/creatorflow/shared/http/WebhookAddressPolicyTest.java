package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.ValidationFailed;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook address check on its own: names resolve from a fixed table (no DNS query, no connection), so nothing
 * here sends traffic anywhere.
 */
class WebhookAddressPolicyTest {
    private static final Map<String, List<String>> NAMES = Map.of(
            "hooks.example.com", List.of("93.184.215.14"),
            "localhost", List.of("127.0.0.1", "::1"),
            "metadata.internal", List.of("169.254.169.254"),
            "rebind.example.com", List.of("93.184.215.14", "10.1.2.3"),
            "intranet.example.com", List.of("192.168.1.20"));
    private static final WebhookAddressPolicy.Resolver RESOLVER = host -> {
        List<String> addresses = NAMES.get(host);
        if (addresses != null) {
            return addresses.stream().map(InetAddress::ofLiteral).toArray(InetAddress[]::new);
        }
        try {
            return new InetAddress[] {InetAddress.ofLiteral(host)};
        } catch (IllegalArgumentException notALiteral) {
            throw new UnknownHostException(host);
        }
    };
    private final WebhookAddressPolicy cloud = new WebhookAddressPolicy(false, RESOLVER);
    private final WebhookAddressPolicy local = new WebhookAddressPolicy(true, RESOLVER);

    @ParameterizedTest
    @ValueSource(strings = {
        "https://169.254.169.254/latest/meta-data/", "https://metadata.internal/", "https://127.0.0.1:8443/hook",
        "https://127.1.2.3/", "https://localhost/hook", "https://10.0.0.1/", "https://172.16.5.4/",
        "https://172.31.255.255/", "https://192.168.1.1/", "https://intranet.example.com/", "https://[::1]/",
        "https://[fe80::1]/", "https://[fc00::1]/", "https://[fd00:ec2::254]/", "https://100.64.0.1/",
        "https://100.127.255.254/", "https://0.0.0.0/", "https://[::]/", "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:169.254.169.254]/", "https://[64:ff9b::a00:1]/", "https://[2002:a9fe:a9fe::]/",
        "https://224.0.0.1/", "https://255.255.255.255/", "https://rebind.example.com/"})
    void refusesEveryNonPublicTargetNamingTheField(String url) {
        assertThatThrownBy(() -> cloud.check("webhookUrl", url)).isInstanceOf(ValidationFailed.class)
                .hasMessageContaining("webhookUrl");
    }

    @Test
    void theMessageSaysWhatKindOfAddressWasRefused() {
        assertThatThrownBy(() -> cloud.check("webhookUrl", "https://metadata.internal/x"))
                .hasMessageContaining("metadata address (169.254.169.254)");
        assertThatThrownBy(() -> cloud.check("webhookUrl", "https://100.64.1.1/"))
                .hasMessageContaining("CGNAT");
        assertThatThrownBy(() -> cloud.check("webhookUrl", "https://[fd12::1]/")).hasMessageContaining("unique-local");
    }

    @Test
    void acceptsHttpsToAPublicAddress() {
        assertThatCode(() -> cloud.check("webhookUrl", "https://hooks.example.com/creatorflow"))
                .doesNotThrowAnyException();
        assertThatCode(() -> cloud.check("webhookUrl", "https://8.8.8.8/")).doesNotThrowAnyException();
        assertThatCode(() -> cloud.check("webhookUrl", "https://[2606:4700::1111]/")).doesNotThrowAnyException();
    }

    @Test
    void refusesPlainHttpOtherSchemesCredentialsAndUnknownNames() {
        assertThatThrownBy(() -> cloud.check("webhookUrl", "http://hooks.example.com/")).hasMessageContaining("https");
        assertThatThrownBy(() -> cloud.check("webhookUrl", "ftp://hooks.example.com/")).hasMessageContaining("https");
        assertThatThrownBy(() -> cloud.check("webhookUrl", "https://user:pw@hooks.example.com/"))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> cloud.check("webhookUrl", "https://nowhere.invalid/"))
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> cloud.check("webhookUrl", "not a url")).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void loopbackIsAllowedOnlyWhereTheLocalRuntimeSaysSo() {
        assertThatCode(() -> local.check("webhookUrl", "http://localhost:9000/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("webhookUrl", "https://127.0.0.1:9000/hook")).doesNotThrowAnyException();
        assertThatCode(() -> local.check("webhookUrl", "http://[::1]:9000/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> cloud.check("webhookUrl", "http://localhost:9000/hook"))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> local.check("webhookUrl", "https://10.0.0.1/")).hasMessageContaining("private");
        assertThatThrownBy(() -> local.check("webhookUrl", "http://hooks.example.com/"))
                .hasMessageContaining("https");
    }

    @Test
    void classifiesAddressesWithoutResolvingAnything() {
        assertThat(WebhookAddressPolicy.classify(InetAddress.ofLiteral("169.254.169.254"))).contains("metadata");
        assertThat(WebhookAddressPolicy.classify(InetAddress.ofLiteral("100.100.100.200"))).contains("CGNAT");
        assertThat(WebhookAddressPolicy.classify(InetAddress.ofLiteral("172.32.0.1"))).isEmpty();
        assertThat(WebhookAddressPolicy.classify(InetAddress.ofLiteral("100.128.0.1"))).isEmpty();
        assertThat(WebhookAddressPolicy.classify(InetAddress.ofLiteral("::ffff:10.0.0.1"))).contains("private");
    }
}
