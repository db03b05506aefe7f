package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The TikTok circuit alarm watches the circuit-opened metric of exactly the functions whose code calls TikTok (each
 * publishes it with its Powertools service name as the {@code Service} dimension).
 */
class TikTokCircuitAlarmTest {
    private final CfnTemplate template = CfnTemplate.project();

    @Test
    void theCircuitAlarmWatchesEveryFunctionThatCallsTikTok() {
        HandlerCodeScan scan = new HandlerCodeScan(getClass().getClassLoader());
        Set<String> callers = new HashSet<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(function);
            String handler = String.valueOf(properties.get("Handler")).split("::")[0];
            if (scan.scan(handler).reachedClasses().contains(TikTokShopClient.class.getName())) {
                callers.add(String.valueOf(CfnTemplate.map(CfnTemplate.map(properties.get("Environment"))
                        .get("Variables")).get("POWERTOOLS_SERVICE_NAME")));
            }
        }
        Set<String> watched = new HashSet<>();
        for (Object raw : CfnTemplate.list(template.properties("TikTokCircuitOpenAlarm").get("Metrics"))) {
            Map<String, Object> metric = CfnTemplate.map(CfnTemplate.map(CfnTemplate.map(raw).get("MetricStat"))
                    .get("Metric"));
            if (TikTokShopClient.CIRCUIT_OPENED_METRIC.equals(metric.get("MetricName"))) {
                assertThat(metric.get("Namespace")).isEqualTo("CreatorFlow");
                CfnTemplate.list(metric.get("Dimensions")).forEach(d -> watched.add(String.valueOf(
                        CfnTemplate.map(d).get("Value"))));
            }
        }
        assertThat(callers).as("functions whose code calls TikTok").isNotEmpty();
        assertThat(watched).as("services the circuit alarm watches").isEqualTo(callers);
    }
}
