package com.creatorflow.shared.crypto;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiKeyTable.WrappedDataKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Envelope encryption's data keys: one AES-256 data key per key version (not per value), stored wrapped in the keys
 * table, unwrapped once per process by the {@link KeyWrapper} and kept in a bounded in-memory cache. The highest
 * version is current; a process re-reads which one that is at most every refresh interval, so a rotation reaches
 * every running process within it. The first version is created on first use when the table has none.
 */
public final class PiiKeyring implements DataKeys {
    /** How long a process keeps sealing with the version it read before asking again. */
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    private static final int CACHED_VERSIONS = 16;
    private static final Map<List<Object>, PiiKeyring> BY_CONFIGURATION = new ConcurrentHashMap<>();

    private final PiiKeyTable table;
    private final KeyWrapper wrapper;
    private final Clock clock;
    private final Duration refresh;
    private final DataKeyCache cache;
    private volatile Checked current;

    private record Checked(DataKey key, Instant at) {
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the keys table
     * @param wrapper what wraps the data keys
     * @param clock the clock
     * @param refresh how long the current version is trusted before it is read again
     * @param cachedVersions how many unwrapped versions are kept in memory
     */
    public PiiKeyring(DynamoDbClient dynamo, String table, KeyWrapper wrapper, Clock clock, Duration refresh,
                      int cachedVersions) {
        this.table = new PiiKeyTable(dynamo, table);
        this.wrapper = wrapper;
        this.clock = clock;
        this.refresh = refresh;
        this.cache = new DataKeyCache(cachedVersions);
    }

    /**
     * The process's keyring for an environment, built once per configuration: wrapped keys in {@code PII_KEYS_TABLE},
     * unwrapped by the key file {@code PII_LOCAL_KEY_FILE} when set (local runtime), else by the KMS key
     * {@code PII_KMS_KEY_ID}; {@code PII_KEY_REFRESH_SECONDS} overrides the refresh interval. Nothing is read or
     * called until the first value is sealed or opened.
     */
    public static PiiKeyring fromEnv(Env env) {
        String keysTable = env.require("PII_KEYS_TABLE");
        Optional<String> keyFile = env.optional("PII_LOCAL_KEY_FILE");
        String wrapping = keyFile.map(file -> "file:" + file).orElseGet(() -> "kms:" + env.require("PII_KMS_KEY_ID"));
        Duration refresh = env.getSeconds("PII_KEY_REFRESH_SECONDS", DEFAULT_REFRESH);
        return BY_CONFIGURATION.computeIfAbsent(List.of(env.aws(), keysTable, wrapping, refresh), configuration -> {
            KeyWrapper wrapper = keyFile.<KeyWrapper>map(file -> LocalKeyWrapper.open(Path.of(file)))
                    .orElseGet(() -> new KmsKeyWrapper(env.aws().kms(), env.require("PII_KMS_KEY_ID")));
            return new PiiKeyring(env.aws().dynamo(), keysTable, wrapper, Clock.systemUTC(), refresh,
                    CACHED_VERSIONS);
        });
    }

    @Override
    public DataKey current() {
        Checked checked = current;
        if (checked != null && clock.instant().isBefore(checked.at().plus(refresh))) {
            return checked.key();
        }
        synchronized (this) {
            checked = current;
            Instant now = clock.instant();
            if (checked != null && now.isBefore(checked.at().plus(refresh))) {
                return checked.key();
            }
            int version = table.latest().map(WrappedDataKey::version).orElseGet(this::createFirst);
            DataKey key = new DataKey(version, key(version));
            current = new Checked(key, now);
            return key;
        }
    }

    @Override
    public SecretKey key(int version) {
        return cache.get(version, v -> wrapper.unwrap(table.get(v).orElseThrow(() -> new IllegalStateException(
                "PII key version " + v + " is not in the keys table")).wrapped(), v));
    }

    /**
     * Makes a new data key version current (in this process at once, in others within the refresh interval).
     *
     * @return the new version's number
     * @throws IllegalStateException when another rotation created that version first
     */
    public synchronized int rotate() {
        int next = table.latest().map(key -> key.version() + 1).orElse(1);
        if (!create(next)) {
            throw new IllegalStateException("PII key version " + next + " was created by another rotation meanwhile");
        }
        current = null;
        return next;
    }

    /** Every stored version, oldest first. */
    public List<WrappedDataKey> versions() {
        return table.all();
    }

    /** How long a process keeps sealing with the version it read. */
    public Duration refresh() {
        return refresh;
    }

    private int createFirst() {
        if (create(1)) {
            return 1;
        }
        return table.latest().orElseThrow(() -> new IllegalStateException("PII key version 1 vanished"))
                .version();
    }

    private boolean create(int version) {
        KeyWrapper.NewDataKey generated = wrapper.generateDataKey(version);
        boolean created = table.create(new WrappedDataKey(version, generated.wrapped(), wrapper.name(),
                clock.instant()));
        if (created) {
            cache.put(version, generated.plaintext());
        } else {
            Arrays.fill(generated.plaintext(), (byte) 0);
        }
        return created;
    }
}
