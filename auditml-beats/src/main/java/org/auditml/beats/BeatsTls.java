package org.auditml.beats;

import org.auditml.service.RequestException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * The Beats port's TLS: the server's certificate and key from a PKCS#12 key store, as the HTTP server takes it, and
 * optionally the certificate authorities a Beat's client certificate must be signed by (Auditbeat's
 * {@code ssl.certificate} and {@code ssl.key}); with them, a Beat without such a certificate is refused.
 */
public final class BeatsTls {
    private final SSLContext context;
    private final boolean verifyClients;

    private BeatsTls(SSLContext context, boolean verifyClients) {
        this.context = context;
        this.verifyClients = verifyClients;
    }

    /** TLS serving the key store's certificate; a clear error when the file or password is wrong. */
    public static BeatsTls fromKeyStore(Path keyStore, String password) {
        return new BeatsTls(context(keyStore, password, null), false);
    }

    /**
     * TLS that also requires a client certificate signed by a CA in {@code clientCa}: a PEM bundle of certificates,
     * or a PKCS#12 or JKS trust store (read with {@code password} when it has one).
     */
    public static BeatsTls verifyingClients(Path keyStore, String password, Path clientCa) {
        // the CAs first: a bad --tls-client-ca is named even when the key store is wrong too
        TrustManagerFactory trust = clientCas(clientCa, password);
        return new BeatsTls(context(keyStore, password, trust), true);
    }

    /** Whether a Beat must present a certificate signed by one of the client CAs. */
    public boolean verifiesClients() {
        return verifyClients;
    }

    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(verifyClients);
        return engine;
    }

    private static SSLContext context(Path keyStore, String password, TrustManagerFactory trust) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new RequestException("cannot use the key store " + keyStore + " for Beats TLS: "
                    + (e.getMessage() == null ? "not a key store" : e.getMessage())
                    + "; give a PKCS#12 file and its password");
        }
    }

    private static TrustManagerFactory clientCas(Path file, String password) {
        try {
            byte[] content = Files.readAllBytes(file);
            KeyStore cas = new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")
                    ? pemBundle(content) : KeyStore.getInstance(file.toFile(), password.toCharArray());
            if (cas.size() == 0) {
                throw new GeneralSecurityException("it holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(cas);
            return trust;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new RequestException("cannot use " + file + " as --tls-client-ca: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; give the CA certificates of the Beats' client certificates as PEM, or a PKCS#12/JKS trust store");
        }
    }

    private static KeyStore pemBundle(byte[] pem) throws IOException, GeneralSecurityException {
        KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
        cas.load(null, null);
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            cas.setCertificateEntry("ca-" + i++, certificate);
        }
        return cas;
    }
}
