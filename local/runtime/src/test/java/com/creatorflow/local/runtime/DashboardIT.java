package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built dashboard in a real browser: {@code dashboard/e2e/dashboard.e2e.mjs} drives Debian's Chromium through
 * playwright-core against this runtime with the seeded demo (the demo creator, its simulator shop and orders). Each
 * test checks one step of that run; the screenshots of every view at 375 and 1280 px land in
 * {@code target/dashboard-e2e/screenshots}. Where Chromium or Node.js is missing the tests are skipped with a message
 * ({@code ./creatorflow test} installs Chromium).
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DASHBOARD = ProjectPaths.root().resolve("dashboard");
    private static final Path OUT = Path.of("target", "dashboard-e2e").toAbsolutePath();
    private static final String TENANT = TikTokSimulation.DEMO_TENANT;
    private static final Map<String, JsonNode> STEPS = new HashMap<>();

    @BeforeAll
    static void runTheBrowserTests() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed; ./creatorflow test installs it");
        assumeTrue(Files.isDirectory(DASHBOARD.resolve("node_modules/playwright-core")),
                "the dashboard's npm packages are not installed (the Maven build runs npm ci)");
        assumeTrue(Files.isRegularFile(DASHBOARD.resolve("dist/index.html")), "the dashboard is not built");
        try (LocalRuntime runtime = RuntimeOrders.apiRuntime()) {
            OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("CreatorApiFunction").env());
            String labelled = demoOrderWithALabel(runtime);
            List<String> cancellable = Stream.of(1, 2).map(i -> orders.transition(
                    orders.create(Orders.sample(TENANT), "system:test", "imported"), OrderState.READY,
                    "workflow:test", "validated").orderId()).toList();
            // a failed execution for the ops view to show
            RuntimeOrders.startFailingNeedsAttention(runtime, TENANT, "576000000000009999", "Browser-test");
            Files.createDirectories(OUT);
            ProcessBuilder node = new ProcessBuilder("node", "e2e/dashboard.e2e.mjs").directory(DASHBOARD.toFile())
                    .redirectErrorStream(true).redirectOutput(OUT.resolve("run.log").toFile());
            node.environment().putAll(Map.of("CF_BASE_URL", runtime.baseUrl().toString().replaceAll("/$", ""),
                    "CF_SIM_URL", runtime.tiktokSimulator().orElseThrow().baseUrl().toString().replaceAll("/$", ""),
                    "CF_SHOP_ID", TikTokSimulation.DEMO_SHOP_ID, "CF_TENANT", TENANT,
                    "CF_LABELLED_ORDER", labelled, "CF_CANCEL_ORDERS", String.join(",", cancellable),
                    "CF_OUT", OUT.toString(), "CHROMIUM", CHROMIUM.toString()));
            Process process = node.start();
            if (!process.waitFor(8, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            System.out.println(Files.readString(OUT.resolve("run.log")));
        }
        Path results = OUT.resolve("results.json");
        assertThat(results).as("the browser run wrote no results; see " + OUT.resolve("run.log")).exists();
        Json.tree(Files.readString(results)).forEach(step -> STEPS.put(step.get("name").asText(), step));
    }

    /** The demo's first orders are labelled by the workflow within seconds (a 10-second hold window). */
    private static String demoOrderWithALabel(LocalRuntime runtime) throws InterruptedException {
        DemoSetup demo = DemoSetup.signIn(runtime.baseUrl(), TENANT);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode page = demo.get("/v1/orders?limit=100");
            for (JsonNode order : page.path("items")) {
                for (JsonNode pkg : order.path("packages")) {
                    if (pkg.hasNonNull("labelId") && !"VOIDED".equals(pkg.path("status").asText())) {
                        return order.get("orderId").asText();
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("no demo order was labelled within 2 minutes");
    }

    private static void assertStep(String name) {
        JsonNode step = STEPS.get(name);
        assertThat(step).as("the browser run did not reach the step '" + name + "'; see " + OUT.resolve("run.log"))
                .isNotNull();
        assertThat(step.get("ok").asBoolean()).as(name + ": " + step.path("message").asText()).isTrue();
    }

    @Test
    void signsInAtTheLocalIssuerAndListsTheDemoOrders() {
        assertStep("sign in");
    }

    @Test
    void showsANewSimulatorOrderOnTheOpenPageWithinOneSecondWithoutReload() {
        assertStep("new simulator order appears live");
    }

    @Test
    void filtersByStateAndSearchesByOrderId() {
        assertStep("filter and search");
    }

    @Test
    void downloadsAnOrdersLabelAsAPdf() {
        assertStep("download an order's label");
    }

    @Test
    void bulkCancelsSelectedOrdersWithProgressAndPerOrderResults() {
        assertStep("bulk cancel with progress");
    }

    @Test
    void approvesAnOrderWaitingForReview() {
        assertStep("approve a review");
    }

    @Test
    void changesAShippingSetting() {
        assertStep("change a setting");
    }

    @Test
    void axeFindsNoAccessibilityViolationsOnAnyViewAtPhoneAndDesktopWidth() {
        assertStep("axe finds no violations on any view");
    }

    @Test
    void noViewIsWiderThanAPhoneAt375Pixels() {
        assertStep("no view scrolls sideways at 375 px");
    }

    @Test
    void screenshotsEveryViewAtPhoneAndDesktopWidth() throws IOException {
        assertStep("screenshots of every view");
        try (Stream<Path> shots = Files.list(OUT.resolve("screenshots"))) {
            assertThat(shots.map(p -> p.getFileName().toString()).toList())
                    .contains("orders-375.png", "orders-1280.png", "order-375.png", "order-1280.png",
                            "attention-375.png", "settings-1280.png");
        }
    }
}
