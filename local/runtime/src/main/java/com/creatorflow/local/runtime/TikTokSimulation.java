package com.creatorflow.local.runtime;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TikTok Shop side of the local runtime. Every function gets the app key and secret from the local secrets;
 * with simulators on, the TikTok Shop simulator runs, the functions' {@code TIKTOK_API_URL}/{@code TIKTOK_AUTH_URL}
 * point at it, a demo shop (stable id) is registered for the tenant {@code demo-creator}, the simulator's webhooks go
 * to our own front door, the demo creator is set up through the creators' API and a few demo orders arrive. The
 * simulated app's redirect URL is our shop connection callback and its authorization page is the functions'
 * {@code TIKTOK_AUTHORIZE_URL}, so shops connect through the real flow (the demo shop too; {@link
 * LocalRuntime#connectTikTokShop}). With an outside TikTok API ({@code --tiktok-api-url}) the
 * functions point there instead and no simulator starts here.
 */
final class TikTokSimulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TikTokSimulation.class);
    /** The demo shop's TikTok id (stable, so restarts on durable data replace rather than add it). */
    static final String DEMO_SHOP_ID = "7494000000000000001";
    /** The tenant that owns the demo shop. */
    static final String DEMO_TENANT = "demo-creator";
    /** Our webhook intake, below the front door. */
    static final String WEBHOOK_PATH = "/webhooks/tiktok";
    /** The shop connection callback, the simulated app's redirect URL. */
    static final String CALLBACK_PATH = "/v1/shops/callback";
    /** Orders the demo shop sends on a fresh data folder. */
    static final int DEMO_ORDERS = 3;

    private final TikTokShopSimulator simulator;
    private final SimShop demoShop;

    private TikTokSimulation(TikTokShopSimulator simulator) {
        this.simulator = simulator;
        this.demoShop = simulator.addShop(DEMO_SHOP_ID, "CreatorFlow demo shop");
    }

    /**
     * Adds the TikTok variables; starts the simulator when simulators are on and no outside TikTok API is named
     * (else returns null).
     */
    static TikTokSimulation prepare(RuntimeOptions options, LocalSecrets secrets, Map<String, String> variables,
                                    URI frontDoor) {
        variables.put("TIKTOK_APP_KEY", secrets.tiktokAppKey());
        variables.put("TIKTOK_APP_SECRET", secrets.tiktokAppSecret());
        variables.put("TIKTOK_WEBHOOK_URL", frontDoor.resolve(WEBHOOK_PATH).toString());
        variables.put("TIKTOK_SERVICE_ID", TikTokShopSimulator.serviceIdFor(secrets.tiktokAppKey()));
        if (options.tiktokApiUrl() != null) {
            variables.put("TIKTOK_API_URL", options.tiktokApiUrl().toString());
            variables.put("TIKTOK_AUTH_URL", options.tiktokApiUrl().toString());
            variables.put("TIKTOK_AUTHORIZE_URL", options.tiktokApiUrl().resolve("/open/authorize").toString());
            return null;
        }
        if (!options.simulators()) {
            return null;
        }
        TikTokSimulation simulation = new TikTokSimulation(TikTokShopSimulator.start(secrets.tiktokAppKey(),
                secrets.tiktokAppSecret()));
        variables.put("TIKTOK_API_URL", simulation.simulator.baseUrl().toString());
        variables.put("TIKTOK_AUTH_URL", simulation.simulator.baseUrl().toString());
        variables.put("TIKTOK_AUTHORIZE_URL", simulation.simulator.authorizeUrl().toString());
        simulation.simulator.redirectUrl(frontDoor.resolve(CALLBACK_PATH));
        return simulation;
    }

    /**
     * Sends the simulator's webhooks to the front door, connects the demo shop through the authorization flow and
     * sets the demo creator up through the creators' API (once per data folder: {@link DemoSetup}) and, when the creator has no orders yet, starts
     * {@value #DEMO_ORDERS} demo orders; a restart on the same data adds none.
     */
    void connect(URI frontDoor) {
        simulator.webhooks().target(frontDoor.resolve(WEBHOOK_PATH));
        try {
            DemoSetup demo = DemoSetup.signIn(frontDoor, DEMO_TENANT);
            demo.connectShop(simulator, demoShop.id());
            demo.setUpOnce(TikTokShopSimulator.sellerSkus());
            if (demo.hasNoOrders()) {
                simulator.traffic().start(demoShop.id(), 1, DEMO_ORDERS, 1000);
            }
        } catch (IllegalStateException e) {
            LOG.error("the demo creator could not be set up, so no demo orders are sent: {}", e.getMessage());
        }
    }

    /** The simulator. */
    TikTokShopSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
