package com.creatorflow.local.simulators;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server bound to 127.0.0.1 with its own pool of daemon request threads, as every simulator runs.
 *
 * @param server the server (not started: mount contexts, then start it)
 * @param executor its request threads
 */
public record LoopbackServer(HttpServer server, ExecutorService executor) {

    /**
     * Binds a port (0 = a free one).
     *
     * @param name what serves there, for messages and thread names
     * @param backlog queued connections
     * @param threads request threads
     */
    public static LoopbackServer bind(String name, int port, int backlog, int threads) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + name + " on port " + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name.replace(' ', '-'));
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        return new LoopbackServer(server, executor);
    }
}
