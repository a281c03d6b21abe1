package org.auditml.server;

import java.nio.file.Path;

/**
 * How the server listens: the address and port (0: any free port), the API key every request must carry (null: none),
 * and a PKCS#12 key store with the server's certificate for TLS (null: plain HTTP).
 */
public record ServerOptions(String bind, int port, String apiKey, Path keyStore, String keyStorePassword) {
    public static final String LOCALHOST = "127.0.0.1";

    public ServerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("a port is from 0 to 65535; was " + port);
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key must not be blank");
        }
    }

    /** Plain HTTP on localhost, no key. */
    public static ServerOptions local(int port) {
        return new ServerOptions(LOCALHOST, port, null, null, null);
    }
}
