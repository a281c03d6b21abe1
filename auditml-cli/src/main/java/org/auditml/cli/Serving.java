package org.auditml.cli;

import org.auditml.server.MlServer;
import org.auditml.server.ServerOptions;
import org.auditml.service.AuditmlService;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** Serves a store's API and web UI until the process is stopped (Ctrl-C, SIGTERM), then closes the store cleanly. */
final class Serving {
    private Serving() {
    }

    /** Starts the server, says where it listens, and waits until the process is stopped. */
    static void untilStopped(AuditmlService service, ServerOptions options, PrintWriter out, String what)
            throws InterruptedException {
        try (MlServer server = MlServer.start(service, options)) {
            CountDownLatch stopped = new CountDownLatch(1);
            Main.SERVING.set(true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (service) { // lets a call under way end, then closes the store
                    server.close();
                    service.close();
                }
                System.err.println("auditml: stopped serving; the store is closed");
                stopped.countDown();
            }, "auditml-serve-stop"));
            String scheme = options.keyStore() == null ? "http" : "https";
            out.println(what + " on " + scheme + "://" + options.bind() + ":" + server.port() + "/"
                    + (options.apiKey() == null ? "" : " (API key required)") + "; Ctrl-C stops it");
            out.flush();
            stopped.await();
        }
    }
}
