package org.auditml.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.auditml.service.AuditmlService;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers the API's routes, each a call to the service under one lock (the service takes one caller at a time),
 * and records each in the OpenAPI description served at {@code /openapi.json}, so that the description is the routes.
 */
final class Routes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([a-z_]+)}");

    /** One route's work: what it answers (a JSON tree or object Jackson writes), from the service. */
    interface Call {
        Object handle(Context ctx, AuditmlService service) throws Exception;
    }

    private final Javalin app;
    private final AuditmlService service;
    private final ObjectNode openApi;

    Routes(Javalin app, AuditmlService service) {
        this.app = app;
        this.service = service;
        this.openApi = JSON.createObjectNode().put("openapi", "3.0.3");
        openApi.putObject("info").put("title", "auditml: Elastic's anomaly-detection API and auditml's own (/api/)").put("version", "0.1.0");
        openApi.putObject("paths");
    }

    void get(String path, String summary, Call call) {
        add(HandlerType.GET, path, summary, call);
    }

    void put(String path, String summary, Call call) {
        add(HandlerType.PUT, path, summary, call);
    }

    void post(String path, String summary, Call call) {
        add(HandlerType.POST, path, summary, call);
    }

    void delete(String path, String summary, Call call) {
        add(HandlerType.DELETE, path, summary, call);
    }

    /**
     * A route that does not take the service's lock: only for calls that read or start what is thread-safe on its own
     * (an upload's ingest, which takes the lock on its own thread, and its progress, polled while it holds it).
     */
    void getWithoutLock(String path, String summary, Call call) {
        addWithoutLock(HandlerType.GET, path, summary, call);
    }

    void postWithoutLock(String path, String summary, Call call) {
        addWithoutLock(HandlerType.POST, path, summary, call);
    }

    private void addWithoutLock(HandlerType method, String path, String summary, Call call) {
        app.addHttpHandler(method, path, ctx -> answer(ctx, call.handle(ctx, service)));
        describe(method, path, summary);
    }

    /** GET and POST alike, as Elastic's results and preview calls take both. */
    void getOrPost(String path, String summary, Call call) {
        get(path, summary, call);
        post(path, summary, call);
    }

    ObjectNode openApi() {
        return openApi;
    }

    private void add(HandlerType method, String path, String summary, Call call) {
        app.addHttpHandler(method, path, ctx -> {
            Object answer;
            synchronized (service) {
                answer = call.handle(ctx, service);
            }
            answer(ctx, answer);
        });
        describe(method, path, summary);
    }

    private static void answer(Context ctx, Object answer) throws Exception {
        ctx.contentType("application/json").result(answer instanceof String s ? s : JSON.writeValueAsString(answer));
    }

    private void describe(HandlerType method, String path, String summary) {
        // paths start with '/', which Jackson's with(String) would read as a JSON pointer
        ObjectNode operation = openApi.withObjectProperty("paths").withObjectProperty(path)
                .putObject(method.name().toLowerCase(Locale.ROOT));
        operation.put("summary", summary);
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            operation.withArrayProperty("parameters").addObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .putObject("schema").put("type", "string");
        }
        ObjectNode responses = operation.putObject("responses");
        responses.putObject("200").put("description", "Elastic's response body");
        responses.putObject("400").put("description", "a bad request: {\"error\":{...},\"status\":400}");
        responses.putObject("404").put("description", "no such job, datafeed, snapshot, filter, calendar, module, event or ingest");
    }
}
