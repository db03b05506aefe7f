package com.creatorflow.local.runtime;

import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The TikTok Shop and EasyPost simulators with a local runtime wired to both (function variables and webhook
 * targets), as the end-to-end tests boot them.
 *
 * @param tiktok the TikTok Shop simulator
 * @param carriers the EasyPost simulator
 * @param runtime the local runtime
 */
record SimulatedWorld(TikTokShopSimulator tiktok, EasyPostSimulator carriers, LocalRuntime runtime)
        implements AutoCloseable {

    /** Starts both simulators and a test runtime with these extra function variables. */
    static SimulatedWorld start(Map<String, String> extraVariables) {
        String appKey = "e2e-app";
        String appSecret = "e2e-secret-" + UUID.randomUUID();
        TikTokShopSimulator tiktok = TikTokShopSimulator.start(appKey, appSecret);
        EasyPostSimulator carriers = EasyPostSimulator.start();
        Map<String, String> variables = variables(tiktok, carriers, appKey, appSecret);
        variables.putAll(extraVariables);
        LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.forTests(), variables);
        wire(tiktok, carriers, runtime);
        return new SimulatedWorld(tiktok, carriers, runtime);
    }

    /** The function variables that point a runtime at both simulators (TikTok retries shortened to 20 ms). */
    static Map<String, String> variables(TikTokShopSimulator tiktok, EasyPostSimulator carriers, String appKey,
                                         String appSecret) {
        Map<String, String> variables = new HashMap<>(carriers.functionVariables());
        variables.putAll(Map.of("TIKTOK_APP_KEY", appKey, "TIKTOK_APP_SECRET", appSecret,
                "TIKTOK_API_URL", tiktok.baseUrl().toString(), "TIKTOK_AUTH_URL", tiktok.baseUrl().toString(),
                "TIKTOK_BACKOFF_MILLIS", "20"));
        return variables;
    }

    /** Points both simulators' webhooks at a runtime's front door. */
    static void wire(TikTokShopSimulator tiktok, EasyPostSimulator carriers, LocalRuntime runtime) {
        tiktok.webhooks().target(runtime.baseUrl().resolve("/webhooks/tiktok"));
        carriers.webhookTarget(runtime.baseUrl());
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            try {
                carriers.close();
            } finally {
                tiktok.close();
            }
        }
    }
}
