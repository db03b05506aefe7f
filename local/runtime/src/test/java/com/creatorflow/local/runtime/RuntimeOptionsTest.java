package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {
    private static final Path ROOT = Path.of("/project");

    @Test
    void withoutOutsideSimulatorsTheBuiltInOnesAreUsed() {
        RuntimeOptions options = RuntimeOptions.parse(new String[0], ROOT);
        assertThat(options.simulators()).isTrue();
        assertThat(options.tiktokApiUrl()).isNull();
        assertThat(options.carrierUrl()).isNull();
    }

    @Test
    void outsideTikTokAndCarrierUrlsAreParsed() {
        RuntimeOptions options = RuntimeOptions.parse(new String[] {"--no-simulators", "--tiktok-api-url",
                "http://127.0.0.1:9001", "--carrier-url", "http://127.0.0.1:9002"}, ROOT);
        assertThat(options.tiktokApiUrl()).isEqualTo(URI.create("http://127.0.0.1:9001"));
        assertThat(options.carrierUrl()).isEqualTo(URI.create("http://127.0.0.1:9002"));
        assertThat(options.withDataDir(null).tiktokApiUrl()).as("kept by withDataDir")
                .isEqualTo(URI.create("http://127.0.0.1:9001"));
    }

    @Test
    void anOutsideUrlMustBeHttp() {
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--carrier-url", "file:///etc/passwd"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--carrier-url");
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--tiktok-api-url"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }
}
