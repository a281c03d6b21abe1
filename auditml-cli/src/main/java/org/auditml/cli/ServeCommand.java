package org.auditml.cli;

import org.auditml.beats.BeatsLimits;
import org.auditml.beats.BeatsServer;
import org.auditml.beats.BeatsTls;
import org.auditml.server.ServerOptions;
import org.auditml.service.AuditmlService;
import org.auditml.service.RequestException;
import org.auditml.service.alert.AlertConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code auditml serve}: Elastic's {@code _ml} anomaly-detection API over a store, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves Elastic's _ml anomaly-detection API (jobs, datafeeds, results, snapshots) over a store.")
final class ServeCommand implements Callable<Integer> {
    static final String API_KEY_ENV = "AUDITML_API_KEY";
    static final String TLS_PASSWORD_ENV = "AUDITML_TLS_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = AnalyzeCommand.DEFAULT_STORE,
            description = "The store (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--port", defaultValue = "8080", description = "The port (default: ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--bind", defaultValue = ServerOptions.LOCALHOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--beats-port", paramLabel = "PORT",
            description = "Also receive events from Beats (Auditbeat's output.logstash) on this port, e.g. 5044.")
    Integer beatsPort;

    @Option(names = "--beats-bind", defaultValue = ServerOptions.LOCALHOST,
            description = "The address the Beats port listens on (default: ${DEFAULT-VALUE}, this machine only).")
    String beatsBind;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "Require this key (the file's first line) in 'Authorization: ApiKey ...'; or set " + API_KEY_ENV + ".")
    Path apiKeyFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE.p12",
            description = "Serve HTTPS (and TLS on the Beats port) with the certificate in this PKCS#12 key store (its password in " + TLS_PASSWORD_ENV + ").")
    Path keyStore;

    @Option(names = "--tls-client-ca", paramLabel = "FILE",
            description = "Require Beats to present a client certificate (Auditbeat's ssl.certificate) signed by a CA in this file: PEM, or a PKCS#12/JKS trust store (its password in " + TLS_PASSWORD_ENV + "). Needs --beats-port and --tls-keystore.")
    Path clientCa;

    @Option(names = "--alerts", paramLabel = "FILE",
            description = "Send real-time jobs' anomalies to the sinks this JSON file names (webhook, ndjson, stdout, "
                    + "syslog), by job or group and record score; see the README's Alerts.")
    Path alertsFile;

    @Option(names = "--follow", paramLabel = "FILE",
            description = {"Follow this growing raw audit log into the store (repeatable), e.g. /var/log/audit/audit.log:",
                    "through rotation, from where it stopped after a restart."})
    List<Path> follow = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        AlertConfig alertConfig = alertsFile == null ? null : AlertConfig.read(alertsFile); // refused before anything starts
        ServerOptions options = new ServerOptions(bind, port, apiKey(), keyStore, keyStorePassword());
        BeatsTls beatsTls = beatsTls(options.keyStorePassword());
        if (options.apiKey() == null && !bind.equals(ServerOptions.LOCALHOST) && !bind.equals("localhost")) {
            spec.commandLine().getErr().println("warning: listening on " + bind + " without an API key: anyone who "
                    + "can reach it can change jobs; give --api-key-file");
        }
        AuditmlService.checkFollow(follow);
        try (AuditmlService service = AuditmlService.open(db);
             BeatsServer beats = beatsPort == null ? null : BeatsServer.start(service, beatsBind, beatsPort,
                     BeatsLimits.DEFAULT, beatsTls, spec.commandLine().getErr()::println)) {
            if (alertConfig != null) {
                service.alerts().configure(alertConfig);
                spec.commandLine().getOut().println("auditml serve: alerts to " + String.join(", ",
                        alertConfig.sinks().keySet()) + " (" + alertsFile + ")");
            }
            if (!follow.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                service.follow(follow, ParseCommand.localHostName(), line -> {
                    err.println("auditml serve: " + line);
                    err.flush();
                });
                spec.commandLine().getOut().println("auditml serve: following " + String.join(", ",
                        follow.stream().map(Path::toString).toList()));
            }
            if (beats != null) {
                spec.commandLine().getOut().println("auditml serve: Beats (Lumberjack v2" + (beatsTls == null ? ""
                        : beatsTls.verifiesClients() ? ", TLS, client certificates of " + clientCa : ", TLS")
                        + ") on " + beatsBind + ":" + beats.port());
            }
            Serving.untilStopped(service, options, spec.commandLine().getOut(), "auditml serve: the web UI and "
                    + "Elastic's _ml API over " + db);
        }
        return ExitCode.OK;
    }

    /** The Beats port's TLS, read before anything starts so a bad file is refused first. */
    private BeatsTls beatsTls(String keyStorePassword) {
        if (clientCa != null && (beatsPort == null || keyStore == null)) {
            throw new RequestException("--tls-client-ca verifies the Beats' certificates over TLS; give --beats-port and --tls-keystore too");
        }
        if (beatsPort == null || keyStore == null) {
            return null;
        }
        if (clientCa == null) {
            return BeatsTls.fromKeyStore(keyStore, keyStorePassword);
        }
        if (!Files.isReadable(clientCa)) {
            throw new RequestException("cannot read the --tls-client-ca file " + clientCa);
        }
        return BeatsTls.verifyingClients(keyStore, keyStorePassword, clientCa);
    }

    private String apiKey() throws IOException {
        if (apiKeyFile != null) {
            if (!Files.isReadable(apiKeyFile)) {
                throw new RequestException("cannot read the API key file " + apiKeyFile);
            }
            String key = Files.readAllLines(apiKeyFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
            if (key.isEmpty()) {
                throw new RequestException("the API key file " + apiKeyFile + " is empty; put the key on its first line");
            }
            return key;
        }
        String env = System.getenv(API_KEY_ENV);
        return env == null || env.isBlank() ? null : env.trim();
    }

    private String keyStorePassword() {
        if (keyStore == null) {
            return null;
        }
        if (!Files.isReadable(keyStore)) {
            throw new RequestException("cannot read the key store " + keyStore);
        }
        String password = System.getenv(TLS_PASSWORD_ENV);
        return password == null ? "" : password;
    }
}
