package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.sfn.store.Retention;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run command's flags: the engine's retention of closed executions and outside simulators. */
class RuntimeOptionsTest {
    private static final Path ROOT = Path.of("/tmp/creatorflow");

    @Test
    void closedExecutionsAreKeptSevenDaysAndTenThousandByDefault() {
        assertThat(RuntimeOptions.parse(new String[0], ROOT).sfnRetention()).isEqualTo(Retention.DEFAULT);
    }

    @Test
    void theRetentionFlagsSetThePeriodAndTheCount() {
        RuntimeOptions options = RuntimeOptions.parse(new String[] {"--sfn-retention-days", "3",
                "--sfn-max-closed", "500", "--in-memory"}, ROOT);
        assertThat(options.sfnRetention()).isEqualTo(new Retention(Duration.ofDays(3), 500));
        assertThat(options.withDataDir(ROOT).sfnRetention()).isEqualTo(options.sfnRetention());
    }

    @Test
    void aRetentionOfZeroDaysIsRefused() {
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--sfn-retention-days", "0"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention period");
    }

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
