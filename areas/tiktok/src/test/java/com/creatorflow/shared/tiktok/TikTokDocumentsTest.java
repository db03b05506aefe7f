package com.creatorflow.shared.tiktok;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.TikTokRejected;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TikTokDocumentsTest {
    private final TikTokDocuments documents = new TikTokDocuments(URI.create("http://127.0.0.1:41234"));

    @Test
    void linksToInternalAddressesAreRefusedBeforeAnyConnection() {
        for (String url : new String[] {"https://127.0.0.1/doc.pdf", "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.1/doc.pdf", "https://[::1]/doc.pdf", "https://localhost/doc.pdf",
            "https://192.168.1.5/doc.pdf", "https://[fd00::1]/doc.pdf"}) {
            assertThatThrownBy(() -> documents.requireAllowed(URI.create(url))).as(url)
                    .isInstanceOf(TikTokRejected.class).hasMessageContaining("internal address");
        }
    }

    @Test
    void plainHttpIsAllowedOnlyToTheConfiguredApiHost() {
        assertThatCode(() -> documents.requireAllowed(URI.create("http://127.0.0.1:41234/docs/a.pdf")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> documents.requireAllowed(URI.create("http://127.0.0.1:41235/docs/a.pdf")))
                .isInstanceOf(TikTokRejected.class);
        assertThatThrownBy(() -> documents.requireAllowed(URI.create("http://93.184.216.34/doc.pdf")))
                .isInstanceOf(TikTokRejected.class).hasMessageContaining("https");
        assertThatThrownBy(() -> documents.requireAllowed(URI.create("https://user@127.0.0.1:41234/doc.pdf")))
                .isInstanceOf(TikTokRejected.class);
    }
}
