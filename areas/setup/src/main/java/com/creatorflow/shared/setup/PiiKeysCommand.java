package com.creatorflow.shared.setup;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.crypto.PiiKeyTable.WrappedDataKey;
import com.creatorflow.shared.crypto.PiiKeyTable;
import com.creatorflow.shared.crypto.PiiKeyring;
import com.creatorflow.shared.crypto.PiiResealing;
import com.creatorflow.shared.shipping.ShippingSettingsStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * The operator's PII key commands, run with a function's environment ({@code PII_KEYS_TABLE} and the key wrapper's
 * variables, {@code ORDERS_TABLE}, {@code AUDIT_TABLE}, {@code SHOPS_TABLE}): {@code status} lists the key versions,
 * {@code rotate} makes a new one current, {@code reencrypt [--tenant T]} re-seals every order's personal data and
 * every shop's tokens with the current version. {@code ./creatorflow pii} runs them (docs/security.md).
 */
public final class PiiKeysCommand {
    /** The commands' synopsis. */
    public static final String USAGE = "status | rotate | reencrypt [--tenant TENANT]";

    private PiiKeysCommand() {
    }

    /**
     * Runs one command.
     *
     * @return the exit status: 0 done, 1 re-encryption left items behind (run it again), 2 bad usage
     */
    public static int run(Env env, List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            out.println("usage: " + USAGE);
            return 2;
        }
        PiiKeyring keyring = PiiKeyring.fromEnv(env);
        switch (args.get(0)) {
            case "status" -> {
                status(keyring, out);
                return 0;
            }
            case "rotate" -> {
                if (args.size() != 1) {
                    break;
                }
                int version = keyring.rotate();
                out.printf("PII key version %d is now current. Running processes seal with it within %d s;"
                        + " then run 'reencrypt' to move existing values to it.%n", version,
                        keyring.refresh().toSeconds());
                return 0;
            }
            case "reencrypt" -> {
                String tenant = args.size() == 3 && args.get(1).equals("--tenant") ? args.get(2) : null;
                if (args.size() != 1 && tenant == null) {
                    break;
                }
                return reencrypt(env, keyring, tenant, out);
            }
            default -> {
            }
        }
        out.println("usage: " + USAGE);
        return 2;
    }

    private static void status(PiiKeyring keyring, PrintStream out) {
        List<WrappedDataKey> versions = keyring.versions();
        if (versions.isEmpty()) {
            out.println("no PII key version yet (the first is created when the first value is sealed)");
        }
        for (WrappedDataKey key : versions) {
            out.printf("version %d%s  created %s  wrapped by %s%n", key.version(),
                    key == versions.getLast() ? " (current)" : "", key.createdAt(), key.wrappedBy());
        }
    }

    private static int reencrypt(Env env, PiiKeyring keyring, String tenant, PrintStream out) {
        int current = keyring.current().version();
        keyring.versions().stream().filter(key -> key.version() == current).findFirst()
                .map(key -> key.createdAt().plus(keyring.refresh()))
                .filter(settled -> settled.isAfter(Instant.now()))
                .ifPresent(settled -> out.printf("note: version %d is recent; processes that read the keys before"
                        + " it may seal with older versions until %s. Run reencrypt again after that.%n", current,
                        settled));
        PiiResealing.Tally orders = OrderRepository.fromEnv(env).resealPii(tenant);
        PiiResealing.Tally shops = ShopRegistry.fromEnv(env).resealTokens(tenant);
        PiiResealing.Tally settings = new ShippingSettingsStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"),
                PiiCipher.fromEnv(env)).resealAddresses(tenant);
        String scope = tenant == null ? "every tenant" : "tenant " + tenant;
        out.printf("re-encrypted to version %d for %s%n", current, scope);
        print("orders", orders, out);
        print("shops", shops, out);
        print("ship-from", settings, out);
        return orders.complete() && shops.complete() && settings.complete() ? 0 : 1;
    }

    private static void print(String what, PiiResealing.Tally tally, PrintStream out) {
        out.printf("  %-6s resealed %d, already current %d, conflicts %d, failed %d%n", what, tally.resealed(),
                tally.alreadyCurrent(), tally.conflicts(), tally.failed());
    }
}
