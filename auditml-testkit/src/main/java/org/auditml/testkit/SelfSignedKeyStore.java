package org.auditml.testkit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * A self-signed certificate for 127.0.0.1 in a PKCS#12 key store, made by the JDK's keytool, for servers under test,
 * with a client TLS context that trusts it.
 *
 * @param file     the key store
 * @param password its password
 * @param client   a TLS context that trusts exactly this certificate
 */
public record SelfSignedKeyStore(Path file, String password, SSLContext client) {
    private static final String PASSWORD = "changeit";

    /** Writes the key store to {@code file}. */
    public static SelfSignedKeyStore write(Path file) throws IOException, InterruptedException, GeneralSecurityException {
        Keytool.run("-genkeypair", "-alias", "auditml", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD);
        return new SelfSignedKeyStore(file, PASSWORD, clientContext(file, null));
    }

    /** A client TLS context that trusts this certificate and presents {@code clientKeys} when asked for one. */
    public SSLContext client(KeyManager[] clientKeys) throws IOException, GeneralSecurityException {
        return clientContext(file, clientKeys);
    }

    private static SSLContext clientContext(Path file, KeyManager[] clientKeys) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(clientKeys, trust.getTrustManagers(), null);
        return client;
    }
}
