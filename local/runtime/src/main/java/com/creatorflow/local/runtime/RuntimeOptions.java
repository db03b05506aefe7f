package com.creatorflow.local.runtime;

import com.creatorflow.local.sfn.store.Retention;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run the local system: ports, where durable data lives, and which optional parts to start.
 *
 * @param httpPort the HTTP front door's port (0 = free)
 * @param dynamoPort Dynoxide's port (0 = free)
 * @param sqsPort ElasticMQ's port (0 = free)
 * @param dataDir where durable data lives; null keeps everything in memory
 * @param simulators whether to start the TikTok Shop and carrier simulators with a demo shop
 * @param eventsPort the local EventBridge's port (0 = free)
 * @param sfnPort the local Step Functions API's port (0 = free)
 * @param s3Port S3Proxy's port (0 = free)
 * @param sfnRetention how long and how many closed executions the local Step Functions engine keeps
 * @param tiktokApiUrl a TikTok Shop API (a simulator in another process) to use instead of the built-in simulator;
 *                     null for none. Its app key and secret must be the data folder's ({@code secrets.json}).
 * @param carrierUrl an EasyPost API ({@code .../v2}: an EasyPost simulator in another process) to use instead of the
 *                   built-in simulator; null for none. Its key comes from the {@code CARRIER_CREDENTIALS} environment
 *                   variable ({@code {"easypost": {"apiKey": ..., "webhookSecret": ...}}}).
 */
public record RuntimeOptions(int httpPort, int dynamoPort, int sqsPort, Path dataDir, boolean simulators,
                             int eventsPort, int sfnPort, int s3Port, Retention sfnRetention, URI tiktokApiUrl,
                             URI carrierUrl) {
    /** Options with the engine's default retention of closed executions and the built-in simulators. */
    public RuntimeOptions(int httpPort, int dynamoPort, int sqsPort, Path dataDir, boolean simulators,
                          int eventsPort, int sfnPort, int s3Port) {
        this(httpPort, dynamoPort, sqsPort, dataDir, simulators, eventsPort, sfnPort, s3Port, Retention.DEFAULT,
                null, null);
    }

    /** Options without fixed EventBridge, Step Functions and S3 ports: they take free ones. */
    public RuntimeOptions(int httpPort, int dynamoPort, int sqsPort, Path dataDir, boolean simulators) {
        this(httpPort, dynamoPort, sqsPort, dataDir, simulators, 0, 0, 0);
    }

    /** Options without fixed Step Functions and S3 ports: they take free ones. */
    public RuntimeOptions(int httpPort, int dynamoPort, int sqsPort, Path dataDir, boolean simulators,
                          int eventsPort) {
        this(httpPort, dynamoPort, sqsPort, dataDir, simulators, eventsPort, 0, 0);
    }

    /** Options without a fixed S3 port: S3Proxy takes a free one. */
    public RuntimeOptions(int httpPort, int dynamoPort, int sqsPort, Path dataDir, boolean simulators,
                          int eventsPort, int sfnPort) {
        this(httpPort, dynamoPort, sqsPort, dataDir, simulators, eventsPort, sfnPort, 0);
    }

    /** The defaults of the run command: fixed well-known ports, durable data under .local/data. */
    public static RuntimeOptions defaults(Path projectRoot) {
        return new RuntimeOptions(8080, 8000, 9324, projectRoot.resolve(".local").resolve("data"), true, 8084, 8083,
                8085);
    }

    /** Everything in memory on free ports, no simulators (tests). */
    public static RuntimeOptions forTests() {
        return new RuntimeOptions(0, 0, 0, null, false, 0, 0, 0);
    }

    /** A copy with another data folder (null = in memory). */
    public RuntimeOptions withDataDir(Path dir) {
        return new RuntimeOptions(httpPort, dynamoPort, sqsPort, dir, simulators, eventsPort, sfnPort, s3Port,
                sfnRetention, tiktokApiUrl, carrierUrl);
    }

    /** True when nothing survives a stop. */
    public boolean inMemory() {
        return dataDir == null;
    }

    /** Parses command-line flags over defaults; returns null after printing help. */
    public static RuntimeOptions parse(String[] args, Path projectRoot) {
        RuntimeOptions options = defaults(projectRoot);
        List<String> rest = new ArrayList<>(List.of(args));
        int http = options.httpPort;
        int dynamo = options.dynamoPort;
        int sqs = options.sqsPort;
        Path data = options.dataDir;
        boolean simulators = options.simulators;
        int events = options.eventsPort;
        int sfn = options.sfnPort;
        int s3 = options.s3Port;
        long retentionDays = options.sfnRetention.period().toDays();
        int maxClosed = options.sfnRetention.maxClosedExecutions();
        URI tiktok = null;
        URI carrier = null;
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--port" -> http = Integer.parseInt(value(rest, flag));
                case "--dynamodb-port" -> dynamo = Integer.parseInt(value(rest, flag));
                case "--sqs-port" -> sqs = Integer.parseInt(value(rest, flag));
                case "--events-port" -> events = Integer.parseInt(value(rest, flag));
                case "--sfn-port" -> sfn = Integer.parseInt(value(rest, flag));
                case "--s3-port" -> s3 = Integer.parseInt(value(rest, flag));
                case "--sfn-retention-days" -> retentionDays = Long.parseLong(value(rest, flag));
                case "--sfn-max-closed" -> maxClosed = Integer.parseInt(value(rest, flag));
                case "--data-dir" -> data = Path.of(value(rest, flag)).toAbsolutePath();
                case "--in-memory" -> data = null;
                case "--no-simulators" -> simulators = false;
                case "--tiktok-api-url" -> tiktok = url(value(rest, flag), flag);
                case "--carrier-url" -> carrier = url(value(rest, flag), flag);
                case "--help", "-h" -> {
                    System.out.println(HELP);
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + HELP);
            }
        }
        return new RuntimeOptions(http, dynamo, sqs, data, simulators, events, sfn, s3,
                new Retention(Duration.ofDays(retentionDays), maxClosed), tiktok, carrier);
    }

    private static URI url(String text, String flag) {
        URI url = URI.create(text);
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException(flag + " needs an http(s) URL, not " + text);
        }
        return url;
    }

    private static String value(List<String> rest, String flag) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    private static final String HELP = """
            CreatorFlow local runtime: the whole system in one JVM, no cloud, no Docker.

              --port N            HTTP front door (API routes, /health)      default 8080
              --dynamodb-port N   local DynamoDB (Dynoxide)                  default 8000
              --sqs-port N        local SQS (ElasticMQ)                      default 9324
              --events-port N     local EventBridge (PutEvents, rules)       default 8084
              --sfn-port N        local Step Functions API                   default 8083
              --s3-port N         local S3 (S3Proxy; label PDFs)             default 8085
              --sfn-retention-days N  closed executions kept for N days      default 7
              --sfn-max-closed N  at most N closed executions kept           default 10000
              --data-dir DIR      durable data folder (tables, queues,       default .local/data
                                  executions, labels, logs/functions.log)
              --in-memory         keep nothing after stop (logs in a temp folder)
              --no-simulators     do not start the TikTok Shop / carrier simulators
              --tiktok-api-url U  use the TikTok Shop API at U (e.g. a simulator in another process) instead of the
                                  built-in simulator; its app key and secret are those of <data-dir>/secrets.json
              --carrier-url U     use the EasyPost API at U (.../v2) instead of the built-in EasyPost simulator; its
                                  key comes from the CARRIER_CREDENTIALS environment variable
            """;
}
