package org.auditml.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local webhook receiver for tests: answers 503 to the first {@code failuresPerAlert} posts of each alert id (or to
 * every post while it is down), 200 after; keeps every post it took, as taken before it answers (a sender killed
 * meanwhile has had it delivered without knowing).
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final int failuresPerAlert;
    private final Map<String, Integer> posts = new ConcurrentHashMap<>();
    private final List<JsonNode> taken = new ArrayList<>();
    private volatile boolean down;
    private volatile long answerDelayMs;

    WebhookReceiver(int failuresPerAlert) throws IOException {
        this.failuresPerAlert = failuresPerAlert;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(in);
            }
            String id = body.path("alert_id").asText();
            int n = posts.merge(id, 1, Integer::sum);
            int status = down || n <= failuresPerAlert ? 503 : 200;
            if (status == 200) {
                synchronized (taken) {
                    taken.add(body);
                    taken.notifyAll();
                }
            }
            try {
                Thread.sleep(answerDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void setDown(boolean isDown) {
        down = isDown;
    }

    /** Waits this long between taking a post and answering it. */
    void setAnswerDelay(long ms) {
        answerDelayMs = ms;
    }

    /** Waits until posts of at least {@code n} distinct alert ids were taken, or {@code ms} passed; says which. */
    boolean awaitDistinct(int n, long ms) throws InterruptedException {
        long until = System.currentTimeMillis() + ms;
        synchronized (taken) {
            while (taken.stream().map(a -> a.path("alert_id").asText()).distinct().count() < n) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                taken.wait(left);
            }
            return true;
        }
    }

    /** How many times each alert id was posted, failures included. */
    Map<String, Integer> posts() {
        return Map.copyOf(posts);
    }

    /** The alerts taken (answered 200), in order. */
    List<JsonNode> taken() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
