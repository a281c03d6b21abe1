package org.auditml.cli;

import org.auditml.beats.BeatsLimits;
import org.auditml.beats.BeatsServer;
import org.auditml.beats.BeatsTls;
import org.auditml.service.AuditmlService;
import org.auditml.testkit.AuditbeatEvents;
import org.auditml.testkit.LumberjackClient;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code auditml certs}: the files it makes serve TLS with client-certificate verification, as Auditbeat uses them. */
class CertsCommandTest {

    @Test
    void theFilesMadeServeABeatThatPresentsThePemClientCertificate(@TempDir Path dir) throws Exception {
        Path certs = dir.resolve("tls");
        Cli cli = Cli.run("certs", "--dir", certs.toString(), "--host", "127.0.0.1", "--host", "beats.example.org", "--days", "2");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        Path at = certs.toAbsolutePath();
        assertThat(cli.out()).contains("--beats-bind 0.0.0.0 --tls-keystore " + at.resolve("server.p12")
                        + " --tls-client-ca " + at.resolve("ca.pem"))
                .contains("    hosts: [\"127.0.0.1:5044\"]")
                .contains("    ssl.certificate: \"" + at.resolve("client.pem") + "\"")
                .contains("    ssl.key: \"" + at.resolve("client-key.pem") + "\"");
        X509Certificate server = (X509Certificate) certificates(certs.resolve("server.pem")).get(0);
        assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .containsExactly("127.0.0.1", "beats.example.org");
        assertThat(Files.readString(certs.resolve("client-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");

        String password = Files.readString(certs.resolve("tls-password")).strip();
        BeatsTls tls = BeatsTls.verifyingClients(certs.resolve("server.p12"), password, certs.resolve("ca.pem"));
        List<String> events = AuditbeatEvents.distinct(dir.resolve("fleet"), 200);
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        try (AuditmlService service = AuditmlService.open(dir.resolve("store.db"));
             BeatsServer beats = BeatsServer.start(service, "127.0.0.1", 0, BeatsLimits.DEFAULT, tls, logged::add)) {
            try (LumberjackClient beat = new LumberjackClient(beats.port(), auditbeat(certs))) {
                beat.sendWindow(events, true);
                assertThat(beat.awaitAck()).isEqualTo(200);
            }
            assertThat(service.eventCount()).isEqualTo(200);
        }
        assertThat(logged).isEmpty();
    }

    @Test
    void filesThereAlready_areNotOverwritten(@TempDir Path dir) {
        Path certs = dir.resolve("tls");
        assertThat(Cli.run("certs", "--dir", certs.toString()).exitCode()).isZero();

        Cli again = Cli.run("certs", "--dir", certs.toString());
        Cli badDays = Cli.run("certs", "--dir", dir.resolve("other").toString(), "--days", "0");

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("error: " + certs.resolve("ca.pem") + " exists already; give another --dir or remove it\n");
        assertThat(badDays.exitCode()).isEqualTo(2);
        assertThat(badDays.err()).isEqualTo("error: --days 0 is out of range; give 1 to 3650\n");
        assertThat(dir.resolve("other")).doesNotExist();
    }

    /** TLS as Auditbeat's output.logstash.ssl sets it up: the CA to trust, the client certificate and key in PEM. */
    private static SSLContext auditbeat(Path certs) throws IOException, GeneralSecurityException {
        PrivateKey key;
        try (Reader in = Files.newBufferedReader(certs.resolve("client-key.pem"));
             PEMParser pem = new PEMParser(in)) {
            key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) pem.readObject());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("auditbeat", key, new char[0], certificates(certs.resolve("client.pem")).toArray(Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", certificates(certs.resolve("ca.pem")).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return tls;
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }
}
