package com.creatorflow.bench.chaos;

import com.creatorflow.local.runtime.FunctionRegistry;
import com.creatorflow.local.runtime.LocalSecrets;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.FreePorts;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.crypto.LocalKeyWrapper;
import com.creatorflow.shared.config.Env;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runtime ({@code com.creatorflow.local.runtime.Main}) as a child JVM on a durable data folder, pointed at
 * simulators that live in this process (so killing it leaves them running): started on fresh loopback ports,
 * considered up when {@code /health} answers UP, killed with SIGKILL ({@link Process#destroyForcibly()} on Linux),
 * and read through the same clients the functions use (its Dynoxide, ElasticMQ and Step Functions endpoints).
 */
public final class RuntimeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final int START_ATTEMPTS = 3;

    /**
     * The ports the child listens on.
     *
     * @param http the front door
     * @param dynamo Dynoxide
     * @param sqs ElasticMQ
     * @param events the local EventBridge
     * @param sfn the local Step Functions API
     */
    public record Ports(int http, int dynamo, int sqs, int events, int sfn, int s3) {
        static Ports pick() {
            return new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                    FreePorts.pick());
        }
    }

    /**
     * How to start the child.
     *
     * @param dataDir the durable data folder (kept across restarts)
     * @param tiktokApiUrl the TikTok Shop simulator of this process
     * @param carrierUrl the EasyPost simulator's API of this process
     * @param carrierCredentials its credentials ({@code CARRIER_CREDENTIALS}), passed in the child's environment
     * @param jvmOptions extra JVM options (GC logging for the soak)
     * @param logFile where the child's console output goes (appended)
     * @param startTimeout how long it may take to answer {@code /health} UP
     */
    public record Launch(Path dataDir, URI tiktokApiUrl, URI carrierUrl, String carrierCredentials,
                         List<String> jvmOptions, Path logFile, Duration startTimeout) {
    }

    private final Launch launch;
    private final Process process;
    private final Ports ports;
    private final Duration startTime;
    private final LocalSecrets secrets;
    private final LocalResolver resolver;
    private final Map<String, String> localVariables;
    private final AwsClients aws;

    private RuntimeProcess(Launch launch, Process process, Ports ports, Duration startTime) {
        this.launch = launch;
        this.process = process;
        this.ports = ports;
        this.startTime = startTime;
        this.secrets = LocalSecrets.load(launch.dataDir());
        this.resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION, sqsEndpoint(), Map.of());
        Map<String, String> variables = new HashMap<>();
        variables.put("AWS_REGION", LocalClients.REGION);
        variables.put("AWS_ACCESS_KEY_ID", "local");
        variables.put("AWS_SECRET_ACCESS_KEY", "local");
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_SFN", stepFunctionsEndpoint().toString());
        variables.put("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:" + ports.events());
        variables.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + ports.s3());
        variables.put("PII_KEYS_TABLE", resolver.physicalName("PiiKeysTable"));
        variables.putAll(secrets.piiVariables(launch.dataDir().resolve(LocalKeyWrapper.FILE_NAME)));
        this.localVariables = Map.copyOf(variables);
        this.aws = AwsClients.of(localVariables);
    }

    /**
     * Starts the child and waits until it is up; a start that fails because a freshly picked port was taken in the
     * meantime is tried again on other ports.
     */
    public static RuntimeProcess start(Launch launch) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(launch, Ports.pick());
            } catch (StartFailed e) {
                last = e;
            }
        }
        throw last;
    }

    /** A start that failed before the child answered. */
    static final class StartFailed extends IllegalStateException {
        StartFailed(String message) {
            super(message);
        }
    }

    private static RuntimeProcess startOnce(Launch launch, Ports ports) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseParallelGC");
        command.addAll(launch.jvmOptions());
        command.add("-Dcreatorflow.projectRoot=" + ProjectPaths.root());
        command.add("-Dcreatorflow.logDir=" + launch.dataDir().resolve("logs"));
        command.add("-cp");
        command.add(classPath());
        command.add("com.creatorflow.local.runtime.Main");
        command.addAll(List.of("--data-dir", launch.dataDir().toString(), "--no-simulators",
                "--port", Integer.toString(ports.http()), "--dynamodb-port", Integer.toString(ports.dynamo()),
                "--sqs-port", Integer.toString(ports.sqs()), "--events-port", Integer.toString(ports.events()),
                "--sfn-port", Integer.toString(ports.sfn()), "--s3-port", Integer.toString(ports.s3()),
                "--tiktok-api-url", launch.tiktokApiUrl().toString(), "--carrier-url", launch.carrierUrl().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()));
        builder.environment().put("CARRIER_CREDENTIALS", launch.carrierCredentials());
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(launch.logFile().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the runtime JVM", e);
        }
        URI health = URI.create("http://127.0.0.1:" + ports.http() + "/health");
        long deadline = started + launch.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartFailed("the runtime exited with " + process.exitValue() + " while starting; see "
                        + launch.logFile());
            }
            if (up(health)) {
                return new RuntimeProcess(launch, process, ports, Duration.ofNanos(System.nanoTime() - started));
            }
            pause(Duration.ofMillis(50));
        }
        kill(process);
        throw new IllegalStateException("the runtime did not answer " + health + " UP within "
                + launch.startTimeout() + "; see " + launch.logFile());
    }

    /**
     * The class path of this JVM, which holds the runtime and everything it needs (surefire keeps the test class path
     * in its own property and a manifest-only jar on {@code java.class.path}).
     */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static boolean up(URI health) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the runtime", e);
        }
    }

    /**
     * Kills the JVM with SIGKILL, waits for it to die and for its children (Dynoxide, which its guard stops when the
     * JVM's pipe closes) to be gone, so that a restart finds the data folder free.
     */
    public void kill() {
        kill(process);
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        awaitExit(process.toHandle(), Duration.ofSeconds(30));
        for (ProcessHandle child : children) {
            if (!awaitExit(child, Duration.ofSeconds(15))) {
                child.destroyForcibly();
                awaitExit(child, Duration.ofSeconds(5));
            }
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(20));
        }
        return !handle.isAlive();
    }

    /** Stops the child gracefully (SIGTERM: its shutdown hook closes everything), killing it after a minute. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!awaitExit(process.toHandle(), Duration.ofSeconds(60))) {
            kill(process);
        }
        children.forEach(child -> awaitExit(child, Duration.ofSeconds(15)));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** True while the JVM runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** From launching the JVM to {@code /health} answering UP. */
    public Duration startTime() {
        return startTime;
    }

    /** The ports it listens on. */
    public Ports ports() {
        return ports;
    }

    /** How it was started. */
    public Launch launch() {
        return launch;
    }

    /** The front door's base URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + ports.http());
    }

    /** Where TikTok's webhooks go. */
    public URI webhookUrl() {
        return baseUrl().resolve("/webhooks/tiktok");
    }

    /** Its Dynoxide endpoint. */
    public URI dynamoEndpoint() {
        return URI.create("http://127.0.0.1:" + ports.dynamo());
    }

    /** Its ElasticMQ endpoint. */
    public URI sqsEndpoint() {
        return URI.create("http://127.0.0.1:" + ports.sqs());
    }

    /** Its Step Functions API endpoint. */
    public URI stepFunctionsEndpoint() {
        return URI.create("http://127.0.0.1:" + ports.sfn());
    }

    /** The data folder's secrets (PII key, sign-in secret, TikTok app). */
    public LocalSecrets secrets() {
        return secrets;
    }

    /** Clients on its endpoints. */
    public AwsClients aws() {
        return aws;
    }

    /** The template's resource names as the child names them (tables, queues). */
    public LocalResolver resolver() {
        return resolver;
    }

    /** The environment a function of the template has in the child, so that its services can be built here. */
    public Env env(String function) {
        Map<String, String> variables = FunctionRegistry.templateVariables(resolver, function);
        variables.putAll(localVariables);
        return Env.of(variables, aws);
    }
}
