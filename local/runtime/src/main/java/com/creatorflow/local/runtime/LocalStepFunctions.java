package com.creatorflow.local.runtime;

import com.creatorflow.local.sfn.api.SfnHttpServer;
import com.creatorflow.local.sfn.engine.AwsServiceClients;
import com.creatorflow.local.sfn.engine.LambdaFailure;
import com.creatorflow.local.sfn.engine.LambdaInvoker;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.StateMachine;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.store.Retention;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.shared.aws.AwsClients;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local Step Functions service of the runtime: the engine with the template's state machines, Lambda tasks run
 * by the {@link FunctionRegistry} on their own threads, as the Lambda service runs them beside Step Functions (so a
 * task waiting on a carrier or on TikTok never holds one of the engine's few workers; a handler's exception surfaces
 * with its class name as the error, as Lambda reports it), service integrations through the runtime's SDK clients (so {@code events:putEvents} reaches whatever
 * {@code AWS_ENDPOINT_URL_EVENTBRIDGE} names), executions journaled under the data folder, and the API endpoint.
 */
public final class LocalStepFunctions implements AutoCloseable {
    private static final int LAMBDA_CONCURRENCY = 64;
    private final StepFunctionsEngine engine;
    private final SfnHttpServer server;
    private final List<StateMachine> machines;
    private final ExecutorService lambdas;

    private LocalStepFunctions(StepFunctionsEngine engine, SfnHttpServer server, List<StateMachine> machines,
                               ExecutorService lambdas) {
        this.engine = engine;
        this.server = server;
        this.machines = machines;
        this.lambdas = lambdas;
    }

    /**
     * Starts the engine and its endpoint.
     *
     * @param port the API port (chosen before the functions were built, so their AWS_ENDPOINT_URL_SFN is right)
     * @param dataDir the runtime's data folder, or null in memory
     * @param retention how long and how many closed executions are kept
     */
    public static LocalStepFunctions start(int port, Path dataDir, Retention retention, LocalResolver resolver,
                                           FunctionRegistry functions, AwsClients aws) {
        ExecutorService lambdas = lambdaThreads();
        StepFunctionsEngine engine = StepFunctionsEngine.builder()
                .region(LocalClients.REGION)
                .accountId(LocalSqs.ACCOUNT_ID)
                .scheduler(new PoolScheduler(Math.max(4, Runtime.getRuntime().availableProcessors() * 2), 1.0))
                .dataDirectory(dataDir == null ? null : dataDir.resolve("stepfunctions"))
                .retention(retention)
                .lambda(invoker(functions, lambdas))
                .serviceClients(new AwsServiceClients(aws::dynamo, aws::sqs, aws::eventBridge, aws::stepFunctions,
                        aws::s3))
                .build();
        try {
            List<StateMachine> machines = TemplateStateMachines.create(engine, resolver);
            SfnHttpServer server = SfnHttpServer.start(engine, port, 8);
            return new LocalStepFunctions(engine, server, machines, lambdas);
        } catch (RuntimeException e) {
            engine.close();
            lambdas.shutdownNow();
            throw e;
        }
    }

    /**
     * Threads for the tasks' Lambda invocations: up to {@value #LAMBDA_CONCURRENCY} at once (Lambda's concurrency,
     * scaled to one machine), queued beyond that; idle threads go after a minute.
     */
    private static ExecutorService lambdaThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LAMBDA_CONCURRENCY, LAMBDA_CONCURRENCY, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "sfn-lambda-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Lambda invocations through the registry, each on the given threads; the function may be named by ARN (with a
     * qualifier) or name.
     */
    static LambdaInvoker invoker(FunctionRegistry functions, Executor threads) {
        return (function, payload) -> {
            LocalFunction target;
            try {
                target = resolve(functions, function);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(LambdaFailure.notFound(function));
            }
            CompletableFuture<byte[]> result = new CompletableFuture<>();
            try {
                threads.execute(() -> {
                    try {
                        result.complete(target.invokeJson(payload));
                    } catch (RuntimeException | Error e) {
                        result.completeExceptionally(LambdaFailure.of(e));
                    }
                });
            } catch (RejectedExecutionException stopped) {
                result.completeExceptionally(LambdaFailure.of(stopped));
            }
            return result;
        };
    }

    private static LocalFunction resolve(FunctionRegistry functions, String function) {
        try {
            return functions.byArnOrName(function);
        } catch (IllegalArgumentException e) {
            int marker = function.indexOf(":function:");
            String name = marker >= 0 ? function.substring(marker + ":function:".length()) : function;
            int qualifier = name.indexOf(':');
            return functions.byArnOrName(qualifier >= 0 ? name.substring(0, qualifier) : name);
        }
    }

    /** The engine (start executions and describe them in-process, e.g. as an EventBridge target). */
    public StepFunctionsEngine engine() {
        return engine;
    }

    /** The API endpoint. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** The state machines created from the template. */
    List<StateMachine> machines() {
        return machines;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        lambdas.shutdownNow();
    }
}
