package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.Orders;
import com.creatorflow.shared.workflow.TaskTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard rendered by a real headless Chromium against the local runtime: orders list, an order's timeline,
 * the review queue. Chromium comes from the test command's setup ({@code ./creatorflow test} installs Debian's
 * package); where it is missing the test is skipped with a message.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static LocalRuntime runtime;
    private static String tenant;
    private static String token;
    private static Order shipped;
    private static Order stuck;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed; ./creatorflow test installs it");
        runtime = LocalRuntime.start(RuntimeOptions.forTests());
        tenant = "dash-" + System.nanoTime();
        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("CreatorApiFunction").env());
        shipped = orders.create(Orders.sample(tenant), "system:test", "imported");
        for (OrderState state : List.of(OrderState.READY, OrderState.RESERVED, OrderState.LABELED, OrderState.SHIPPED)) {
            shipped = orders.transition(shipped, state, "workflow:test", "step " + state);
        }
        stuck = orders.transition(orders.create(Orders.sample(tenant), "system:test", "imported"), OrderState.READY,
                "workflow:test", "validated");
        ReviewService reviews = new ReviewService(orders, new ReviewRepository(runtime.aws().dynamo(),
                runtime.tables().get("ReviewsTable")), new NoTokens(), Clock.systemUTC());
        reviews.open(new ReviewService.OpenRequest(tenant, stuck.orderId(), "t", "ReserveInventory",
                "com.creatorflow.shared.error.InsufficientStock", "only 1 of TEE-BLK-M left", false, false));
        token = runtime.jwt().issue(tenant, "dash-user", Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void listsTheCreatorsOrdersWithTheirStates() throws Exception {
        String dom = render("#orders");
        assertThat(dom).contains(shipped.orderId()).contains(stuck.orderId())
                .contains("state SHIPPED").contains("state NEEDS_ATTENTION").contains("2× TEE-BLK-M");
    }

    @Test
    void theStateFilterOffersEveryLifecycleStateFromStatesJson() throws Exception {
        String dom = render("#orders");
        for (OrderState state : Lifecycle.states()) {
            assertThat(dom).contains("<option value=\"" + state + "\">");
        }
    }

    @Test
    void showsAnOrdersTimelineWithTheChainCheck() throws Exception {
        String dom = render("#order/" + shipped.orderId());
        assertThat(dom).contains("Timeline").contains("audit chain intact (5 entries)").contains("step SHIPPED")
                .contains("Jamie Rivera");
    }

    @Test
    void showsTheReviewQueueWithTheReason() throws Exception {
        String dom = render("#reviews");
        assertThat(dom).contains(stuck.orderId()).contains("only 1 of TEE-BLK-M left").contains("ReserveInventory");
    }

    private static String render(String fragment) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        String url = runtime.baseUrl() + "/dashboard/?token=" + token + "&tenant=" + tenant + fragment;
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = chromium.getInputStream().readAllBytes();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The queue's token is never answered here: the test only renders. */
    private static final class NoTokens implements TaskTokens {
        @Override
        public boolean succeed(String taskToken, String outputJson) {
            return true;
        }

        @Override
        public boolean fail(String taskToken, String error, String cause) {
            return true;
        }
    }
}
