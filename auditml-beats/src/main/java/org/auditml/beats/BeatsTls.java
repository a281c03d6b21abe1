package org.auditml.beats;

import org.auditml.service.RequestException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The server's TLS from a PKCS#12 key store (certificate and key), as the HTTP server takes it. */
public final class BeatsTls {
    private BeatsTls() {
    }

    /** A TLS context serving the key store's certificate; a clear error when the file or password is wrong. */
    public static SSLContext fromKeyStore(Path keyStore, String password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new RequestException("cannot use the key store " + keyStore + " for Beats TLS: "
                    + (e.getMessage() == null ? "not a key store" : e.getMessage())
                    + "; give a PKCS#12 file and its password");
        }
    }
}
