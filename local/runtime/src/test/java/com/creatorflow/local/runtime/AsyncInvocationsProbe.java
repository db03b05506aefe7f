package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.shared.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A separate JVM for {@link DurableAsyncInvocationsIT}: the runtime's asynchronous invocations on a durable local SQS
 * in the folder given. {@code hold M...}: invokes {@link ProbeEventHandler} with each marker, printing
 * {@code ACCEPTED} once every invocation is accepted, the handler holding each one it starts; {@code run}: runs what
 * the queue holds, the handler printing {@code RAN} and the marker.
 */
public final class AsyncInvocationsProbe {
    private AsyncInvocationsProbe() {
    }

    public static void main(String[] args) throws Exception {
        LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, Path.of(args[0]), true);
        LocalFunction function = new LocalFunction("ProbeFunction", ProbeEventHandler.class,
                Env.of(Map.of(ProbeEventHandler.MODE, args[1]), null), 512, 30);
        AsyncInvocations invocations = new AsyncInvocations(name -> {
            if (!name.endsWith("ProbeFunction")) {
                throw new IllegalArgumentException("no function " + name);
            }
            return function;
        }, name -> AsyncInvocations.Config.DEFAULT, LocalClients.sqs(sqs.endpoint()), AsyncInvocations.QUEUE,
                Duration.ofSeconds(1)).start();
        for (int i = 2; i < args.length; i++) {
            invocations.invokeAsync("arn:aws:lambda:us-east-1:000000000000:function:ProbeFunction",
                    "{\"marker\": \"" + args[i] + "\"}");
        }
        System.out.println("ACCEPTED " + (args.length - 2));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
