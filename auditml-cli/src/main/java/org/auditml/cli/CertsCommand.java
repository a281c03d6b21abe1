package org.auditml.cli;

import org.auditml.service.RequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code auditml certs}: a CA and the certificates for trying TLS between Auditbeat and {@code serve --beats-port}. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Makes, for trying TLS out, a CA, a server certificate and key (PKCS#12 for auditml serve, PEM too) "
                + "and a client certificate and key for Auditbeat (PEM); prints the serve command and the auditbeat.yml lines.",
                "For production, use certificates from your own CA."})
final class CertsCommand implements Callable<Integer> {
    static final String PASSWORD_FILE = "tls-password";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "auditml-tls",
            description = "Where the files go; it must not hold them already (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--host", paramLabel = "NAME",
            description = "A name or address Beats reach auditml by, in the server certificate (repeatable; default: localhost and 127.0.0.1).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--days", defaultValue = "90", description = "How long the certificates are valid (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
        List<String> names = hosts.isEmpty() ? List.of("localhost", "127.0.0.1") : hosts;
        if (days < 1 || days > 3650) {
            throw new RequestException("--days " + days + " is out of range; give 1 to 3650");
        }
        String envPassword = System.getenv(ServeCommand.TLS_PASSWORD_ENV);
        List<String> files = new ArrayList<>(TryOutCertificates.FILES);
        if (envPassword == null) {
            files.add(PASSWORD_FILE);
        }
        for (String file : files) {
            if (Files.exists(dir.resolve(file))) {
                throw new RequestException(dir.resolve(file) + " exists already; give another --dir or remove it");
            }
        }
        String password = envPassword != null ? envPassword : newPassword();
        TryOutCertificates.write(dir, names, days, password);
        if (envPassword == null) {
            Files.writeString(TryOutCertificates.readableByOwnerOnly(dir.resolve(PASSWORD_FILE)), password + "\n",
                    StandardCharsets.UTF_8);
        }
        print(spec.commandLine().getOut(), dir.toAbsolutePath().normalize(), names, envPassword == null);
        return ExitCode.OK;
    }

    private void print(PrintWriter out, Path at, List<String> names, boolean passwordFile) {
        boolean local = names.stream().allMatch(h -> h.equals("localhost") || h.startsWith("127.") || h.equals("::1"));
        out.println("auditml certs: a CA, a server and an Auditbeat client certificate, valid " + days + " days, in " + at);
        out.println("  " + TryOutCertificates.CA + "                   the CA: Auditbeat trusts it, auditml verifies Beats by it");
        out.println("  " + TryOutCertificates.SERVER_KEY_STORE + "               auditml's certificate and key (--tls-keystore)"
                + (passwordFile ? ", password in " + PASSWORD_FILE : ", password in " + ServeCommand.TLS_PASSWORD_ENV));
        out.println("  " + TryOutCertificates.SERVER + ", " + TryOutCertificates.SERVER_KEY + "  the same as PEM, for " + String.join(", ", names));
        out.println("  " + TryOutCertificates.CLIENT + ", " + TryOutCertificates.CLIENT_KEY + "  Auditbeat's certificate and key");
        out.println();
        out.println("Serve, requiring Beats to present the client certificate:");
        out.println("  " + (passwordFile ? ServeCommand.TLS_PASSWORD_ENV + "=\"$(cat " + at.resolve(PASSWORD_FILE) + ")\" " : "")
                + "bin/auditml serve --beats-port 5044" + (local ? "" : " --beats-bind 0.0.0.0")
                + " --tls-keystore " + at.resolve(TryOutCertificates.SERVER_KEY_STORE)
                + " --tls-client-ca " + at.resolve(TryOutCertificates.CA));
        out.println();
        out.println("In auditbeat.yml:");
        out.println("  output.logstash:");
        out.println("    hosts: [\"" + names.get(0) + ":5044\"]");
        out.println("    ssl.certificate_authorities: [\"" + at.resolve(TryOutCertificates.CA) + "\"]");
        out.println("    ssl.certificate: \"" + at.resolve(TryOutCertificates.CLIENT) + "\"");
        out.println("    ssl.key: \"" + at.resolve(TryOutCertificates.CLIENT_KEY) + "\"");
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
