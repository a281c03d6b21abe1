package org.auditml.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web UI: plain ES modules and CSS from the classpath under {@code /ui/}, Apache ECharts from its webjar under
 * {@code /ui/vendor/}, and the anomaly explorer's page at {@code /}. The pages carry no data, so they are served without
 * the API key; the UI asks for the key and sends it with each API call.
 */
final class WebUi {
    static final String PREFIX = "/ui";
    private static final String FILES = "/org/auditml/server/ui";
    // the webjar's file by name: its jar has no directory entries for Javalin's static files to find
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private WebUi() {
    }

    /** The UI's own files, from the classpath. */
    static void serve(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = PREFIX;
            files.directory = FILES;
            files.location = Location.CLASSPATH;
        });
    }

    /** The explorer's page at {@code /}, and ECharts from its webjar. */
    static void addPages(Javalin app) {
        byte[] index = read(FILES + "/index.html");
        app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(index));
        byte[] echarts = read(ECHARTS);
        app.get(PREFIX + "/vendor/echarts.min.js", ctx -> ctx.contentType("text/javascript").header("Cache-Control", "max-age=86400")
                .result(echarts));
    }

    /** Whether a path is one of the UI's files rather than an API call. */
    static boolean isPage(String path) {
        return path.equals("/") || path.startsWith(PREFIX + "/");
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebUi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the web UI's " + resource + " is not in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
