package org.auditml.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.auditml.service.AuditmlService;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Elastic's {@code _ml} anomaly-detection API over one service. Every route calls the service; errors are Elastic's
 * error documents; with an API key set, a request without it is refused (401) before any route runs. Started
 * real-time datafeeds are looked at every {@value #REAL_TIME_SECONDS} seconds (each runs when its frequency has
 * passed); pending alerts are delivered every {@value #ALERT_SECONDS} second, on a thread of their own, so that a slow
 * sink holds up neither the API nor the datafeeds.
 */
public final class MlServer implements AutoCloseable {
    static final int REAL_TIME_SECONDS = 10;
    static final int ALERT_SECONDS = 1;
    private static final String HANDLED = "auditml.error";

    private final Javalin app;
    private final AuditmlService service;
    private final ScheduledExecutorService realTime = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "auditml-datafeeds");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService alerts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "auditml-alerts");
        t.setDaemon(true);
        return t;
    });

    private MlServer(Javalin app, AuditmlService service) {
        this.app = app;
        this.service = service;
    }

    /** Starts the server; {@link #port()} says where it listens. */
    public static MlServer start(AuditmlService service, ServerOptions options) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.defaultHost = options.bind();
            config.jetty.defaultPort = options.port();
            WebUi.serve(config);
            if (options.keyStore() != null) {
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setKeyStorePath(options.keyStore().toAbsolutePath().toString());
                    tls.setKeyStorePassword(options.keyStorePassword());
                    tls.setKeyStoreType("PKCS12");
                    ServerConnector connector = new ServerConnector(server, tls);
                    connector.setHost(options.bind());
                    connector.setPort(options.port());
                    return connector;
                });
            }
        });
        MlServer server = new MlServer(app, service);
        server.guard(options.apiKey());
        Routes routes = new Routes(app, service);
        JobRoutes.add(routes);
        DatafeedRoutes.add(routes);
        ResultRoutes.add(routes);
        SnapshotRoutes.add(routes);
        FilterRoutes.add(routes);
        CalendarRoutes.add(routes);
        InfoRoutes.add(routes);
        HealthRoutes.add(routes);
        ModuleSetupRoutes.add(routes);
        EventRoutes.add(routes);
        IngestRoutes.add(routes);
        ModelPlotRoutes.add(routes);
        LineageRoutes.add(routes);
        AlertRoutes.add(routes);
        FollowRoutes.add(routes);
        WebUi.addPages(app);
        String openApi = routes.openApi().toString();
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.start();
        server.realTime.scheduleWithFixedDelay(server::runRealTime, REAL_TIME_SECONDS, REAL_TIME_SECONDS, TimeUnit.SECONDS);
        if (service.alerts().configured()) {
            server.alerts.scheduleWithFixedDelay(server::deliverAlerts, 0, ALERT_SECONDS, TimeUnit.SECONDS);
        }
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    private void guard(String apiKey) {
        app.exception(Exception.class, (e, ctx) -> answer(ctx, ElasticError.of(e)));
        app.error(404, ctx -> {
            if (ctx.attribute(HANDLED) == null) {
                answer(ctx, ElasticError.noHandler(ctx.method().name(), ctx.path()));
            }
        });
        app.error(405, ctx -> answer(ctx, ElasticError.noHandler(ctx.method().name(), ctx.path())));
        if (apiKey != null) {
            app.before(ctx -> {
                if (!WebUi.isPage(ctx.path()) && !carriesKey(ctx.header("Authorization"), apiKey)) {
                    ctx.header("WWW-Authenticate", "ApiKey");
                    answer(ctx, ElasticError.unauthenticated(ctx.path()));
                    ctx.skipRemainingHandlers();
                }
            });
        }
    }

    /** {@code ApiKey <key>}, or Elastic's {@code ApiKey base64(id:key)}; compared in constant time. */
    static boolean carriesKey(String header, String apiKey) {
        if (header == null || !header.startsWith("ApiKey ")) {
            return false;
        }
        String given = header.substring("ApiKey ".length()).trim();
        boolean plain = MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8));
        try {
            String decoded = new String(Base64.getDecoder().decode(given), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return plain || colon >= 0 && MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                    apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return plain;
        }
    }

    private static void answer(Context ctx, ElasticError error) {
        ctx.attribute(HANDLED, true);
        ctx.status(error.status()).contentType("application/json").result(error.toJson());
    }

    private void runRealTime() {
        try {
            synchronized (service) {
                service.mlDatafeeds().runDue();
            }
        } catch (RuntimeException e) {
            // retried on the next tick; what failed is said once per failure, the store keeps what was committed
            System.err.println("auditml serve: a real-time datafeed run failed: " + e.getMessage());
        }
    }

    private void deliverAlerts() {
        try {
            service.alerts().deliverDue();
        } catch (RuntimeException e) {
            // a failed attempt is kept with the alert; this is the store failing, retried on the next tick
            System.err.println("auditml serve: delivering alerts failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        alerts.shutdownNow();
        realTime.shutdownNow();
        app.stop();
    }
}
