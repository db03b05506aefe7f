package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.OrderState;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The copies of {@link Lifecycle}'s declarations outside Java: the template's analytics rule delivers every move
 * analytics counts, and the dashboard lists the states from {@code dashboard/states.json}, which holds exactly the
 * lifecycle's states, rather than from a list of its own.
 */
class LifecycleDeclarationsTest {
    private static final Path DASHBOARD = ProjectPaths.root().resolve("dashboard");
    private static final Set<String> SOURCES = Set.of("js", "mjs", "ts", "tsx", "html");
    private static final Pattern ARRAY = Pattern.compile("\\[[^\\[\\]]*\\]");
    private static final Pattern QUOTED = Pattern.compile("[\"'`]([A-Z_]+)[\"'`]");

    @Test
    void theAnalyticsRuleDeliversEveryMoveAnalyticsCounts() {
        CfnTemplate template = CfnTemplate.project();
        Map<String, Object> pattern = CfnTemplate.map(template.properties("AnalyticsOrderEventsRule").get("EventPattern"));
        assertThat(CfnTemplate.list(pattern.get("detail-type"))).contains("OrderStatusChanged");
        Object detail = pattern.get("detail");
        if (detail != null && CfnTemplate.map(detail).get("to") != null) {
            assertThat(CfnTemplate.list(CfnTemplate.map(detail).get("to")).stream().map(String::valueOf).toList())
                    .containsAll(names(Lifecycle.countedStates()));
        }
    }

    @Test
    void theDashboardStatesFileHoldsEveryStateAndPhaseInLifecycleOrder() throws IOException {
        JsonNode file = Json.read(Files.readString(DASHBOARD.resolve("states.json")), JsonNode.class);
        List<String> states = new ArrayList<>();
        file.path("states").forEach(state -> states.add(state.asText()));
        assertThat(states).as("dashboard/states.json states; regenerate them from Lifecycle.states()")
                .containsExactlyElementsOf(names(Lifecycle.states()));
        Map<String, List<String>> phases = new LinkedHashMap<>();
        file.path("phases").properties().forEach(phase -> {
            List<String> members = new ArrayList<>();
            phase.getValue().forEach(state -> members.add(state.asText()));
            phases.put(phase.getKey(), members);
        });
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (Lifecycle.Phase phase : Lifecycle.Phase.values()) {
            declared.put(phase.name(), names(phase.states()));
        }
        assertThat(phases).as("dashboard/states.json phases; regenerate them from Lifecycle.Phase")
                .containsExactlyEntriesOf(declared);
    }

    @Test
    void noDashboardSourceKeepsAStateListOfItsOwn() throws IOException {
        Set<String> known = Set.copyOf(names(Lifecycle.states()));
        List<String> copies = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DASHBOARD)) {
            for (Path file : files.filter(LifecycleDeclarationsTest::isSource).toList()) {
                Matcher array = ARRAY.matcher(Files.readString(file));
                while (array.find()) {
                    long states = QUOTED.matcher(array.group()).results().map(m -> m.group(1))
                            .filter(known::contains).count();
                    if (states >= 3) {
                        copies.add(DASHBOARD.relativize(file) + ": " + array.group());
                    }
                }
            }
        }
        assertThat(copies).as("state lists in dashboard sources; read dashboard/states.json instead").isEmpty();
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        String path = file.toString();
        return Files.isRegularFile(file) && !path.contains("node_modules") && !path.contains("/dist/")
                && SOURCES.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    private static List<String> names(Collection<OrderState> states) {
        return states.stream().map(Enum::name).collect(Collectors.toList());
    }
}
