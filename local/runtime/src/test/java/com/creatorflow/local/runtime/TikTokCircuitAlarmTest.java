package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The TikTok alarms sum their metric over every service with a Metrics Insights query, so a new function that calls
 * TikTok is watched without editing them; each such function must publish under its own Powertools service name.
 */
class TikTokCircuitAlarmTest {
    private final CfnTemplate template = CfnTemplate.project();

    @Test
    void theCircuitAndReconnectAlarmsSumTheirMetricOverEveryService() {
        assertThat(query("TikTokCircuitOpenAlarm"))
                .isEqualTo("SELECT SUM(" + TikTokShopClient.CIRCUIT_OPENED_METRIC + ") FROM SCHEMA(CreatorFlow, Service)");
        assertThat(query("ShopReconnectNeededAlarm"))
                .isEqualTo("SELECT SUM(" + TikTokShopClient.RECONNECT_NEEDED_METRIC
                        + ") FROM SCHEMA(CreatorFlow, Service)");
    }

    @Test
    void everyFunctionThatCallsTikTokPublishesUnderItsOwnServiceName() {
        HandlerCodeScan scan = new HandlerCodeScan(getClass().getClassLoader());
        int callers = 0;
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(function);
            String handler = String.valueOf(properties.get("Handler")).split("::")[0];
            if (scan.scan(handler).reachedClasses().contains(TikTokShopClient.class.getName())) {
                callers++;
                Object service = CfnTemplate.map(CfnTemplate.map(properties.get("Environment")).get("Variables"))
                        .get("POWERTOOLS_SERVICE_NAME");
                assertThat(service).as(function + "'s POWERTOOLS_SERVICE_NAME").isInstanceOf(String.class);
            }
        }
        assertThat(callers).as("functions whose code calls TikTok").isGreaterThan(5);
    }

    private String query(String alarm) {
        List<Object> metrics = CfnTemplate.list(template.properties(alarm).get("Metrics"));
        assertThat(metrics).as(alarm + " metrics").hasSize(1);
        return String.valueOf(CfnTemplate.map(metrics.get(0)).get("Expression"));
    }
}
