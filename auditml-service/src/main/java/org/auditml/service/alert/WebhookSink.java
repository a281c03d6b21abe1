package org.auditml.service.alert;

import org.auditml.store.AlertTable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Posts each alert's JSON to a URL; an answer other than 2xx is a failure, tried again. */
final class WebhookSink implements AlertSink {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI url;
    private final Map<String, String> headers;

    WebhookSink(URI url, Map<String, String> headers) {
        this.url = url;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public void deliver(AlertTable.Alert alert) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", alert.alertId())
                .POST(HttpRequest.BodyPublishers.ofString(alert.body(), StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + url, e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IOException("HTTP " + response.statusCode() + " from " + url
                    + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }
}
