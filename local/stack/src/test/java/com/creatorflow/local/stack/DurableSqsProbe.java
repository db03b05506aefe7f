package com.creatorflow.local.stack;

import java.nio.file.Path;

/** A separate JVM for {@link DurableSqsIT}: starts a durable ElasticMQ on the folder given, prints its port, waits. */
public final class DurableSqsProbe {
    private DurableSqsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalSqs sqs = LocalSqs.start(0, LocalClients.REGION, Path.of(args[0]));
        System.out.println("PORT " + sqs.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
