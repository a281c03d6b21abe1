package org.auditml.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code auditml serve --beats-port 0} in a JVM of its own, with this test's classes, until stopped or killed. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern BEATS = Pattern.compile("auditml serve: Beats \\(Lumberjack v2[^)]*\\) on [^ ]+:(\\d+)");

    private final Process process;
    private final Path err;
    private final int beatsPort;

    private ServeProcess(Process process, Path err, int beatsPort) {
        this.process = process;
        this.err = err;
        this.beatsPort = beatsPort;
    }

    /** Starts serving {@code db}, Beats on any free port, and waits until both ports listen. */
    static ServeProcess start(Path db, Path err) throws IOException {
        return start(db, err, 0);
    }

    /** Starts serving {@code db}, Beats on {@code beatsPort}, and waits until both ports listen (the HTTP line comes last). */
    static ServeProcess start(Path db, Path err, int beatsPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--db", db.toString(), "--port", "0", "--beats-port", String.valueOf(beatsPort)));
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = -1;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher beats = BEATS.matcher(line);
            if (beats.find()) {
                port = Integer.parseInt(beats.group(1));
            }
            if (line.contains("Ctrl-C stops it")) {
                return new ServeProcess(process, err, port);
            }
        }
        process.destroyForcibly();
        throw new IOException("auditml serve ended before listening: " + Files.readString(err));
    }

    int beatsPort() {
        return beatsPort;
    }

    /** SIGKILL: no shutdown hook, nothing closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as Ctrl-C: the store is closed cleanly; returns what serve wrote to its error stream. */
    String stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("auditml serve did not stop within 60 s: " + Files.readString(err));
        }
        return Files.readString(err);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
