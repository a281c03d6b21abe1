package org.auditml.testkit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * A certificate authority made by the JDK's keytool, and client certificates it signs, for servers under test that
 * verify their clients' certificates.
 *
 * @param dir            where its key store and the clients' are written
 * @param certificatePem the CA's certificate as PEM: what a server is told to trust
 */
public record TestCertificateAuthority(Path dir, Path certificatePem) {
    private static final String PASSWORD = "changeit";

    /** Writes a CA named {@code name} under {@code dir}. */
    public static TestCertificateAuthority write(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path store = dir.resolve("ca.p12");
        Path pem = dir.resolve("ca.pem");
        Keytool.run("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "bc:c", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD);
        Keytool.run("-exportcert", "-alias", "ca", "-rfc", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new TestCertificateAuthority(dir, pem);
    }

    /** The CA's certificate in a PKCS#12 trust store (password {@code changeit}), the other form a server may take. */
    public Path trustStore() throws IOException, InterruptedException {
        Path store = dir.resolve("trust.p12");
        Keytool.run("-importcert", "-alias", "ca", "-noprompt", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-file", certificatePem.toString());
        return store;
    }

    /** A client key and certificate for {@code name} signed by this CA, as a client's TLS context takes them. */
    public KeyManager[] client(String name) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".pem");
        Keytool.run("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
        Keytool.run("-certreq", "-alias", "client", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        Keytool.run("-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "2",
                "-ext", "EKU=clientAuth");
        Keytool.run("-importcert", "-alias", "ca", "-noprompt", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", certificatePem.toString());
        Keytool.run("-importcert", "-alias", "client", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", signed.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        return factory.getKeyManagers();
    }
}
