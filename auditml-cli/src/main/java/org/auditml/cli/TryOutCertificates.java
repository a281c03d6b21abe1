package org.auditml.cli;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A certificate authority, a server certificate for the hosts auditml is reached by and a client certificate for
 * Auditbeat, all signed by that CA (ECDSA P-256), written as the two sides take them: PKCS#12 for auditml's
 * {@code --tls-keystore}, PEM for Auditbeat's {@code output.logstash.ssl}. The CA's key is not kept: it signs these
 * two and nothing else.
 */
final class TryOutCertificates {
    static final String CA = "ca.pem";
    static final String SERVER_KEY_STORE = "server.p12";
    static final String SERVER = "server.pem";
    static final String SERVER_KEY = "server-key.pem";
    static final String CLIENT = "client.pem";
    static final String CLIENT_KEY = "client-key.pem";
    static final List<String> FILES = List.of(CA, SERVER_KEY_STORE, SERVER, SERVER_KEY, CLIENT, CLIENT_KEY);

    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TryOutCertificates() {
    }

    /** Writes {@link #FILES} into {@code dir}, the server's key store under {@code password}. */
    static void write(Path dir, List<String> hosts, int days, String password) throws IOException, GeneralSecurityException {
        Instant from = Instant.now().minus(Duration.ofHours(1)); // a Beat's clock a little behind still accepts them
        Instant until = from.plus(Duration.ofDays(days));
        KeyPair caKeys = newKeys();
        X500Name caName = new X500Name("CN=auditml try-out CA");
        JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder ca = builder(caName, caName, caKeys, from, until)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(caKeys.getPublic()));
        X509Certificate caCertificate = sign(ca, caKeys);

        KeyPair serverKeys = newKeys();
        X509v3CertificateBuilder server = leaf(caName, caCertificate, "CN=" + hosts.get(0), serverKeys, from, until,
                KeyPurposeId.id_kp_serverAuth)
                .addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
        X509Certificate serverCertificate = sign(server, caKeys);

        KeyPair clientKeys = newKeys();
        X509Certificate clientCertificate = sign(leaf(caName, caCertificate, "CN=auditbeat", clientKeys, from, until,
                KeyPurposeId.id_kp_clientAuth), caKeys);

        Files.createDirectories(dir);
        pem(dir.resolve(CA), caCertificate);
        pem(dir.resolve(SERVER), serverCertificate, caCertificate);
        pem(readableByOwnerOnly(dir.resolve(SERVER_KEY)), new JcaPKCS8Generator(serverKeys.getPrivate(), null));
        pem(dir.resolve(CLIENT), clientCertificate, caCertificate);
        pem(readableByOwnerOnly(dir.resolve(CLIENT_KEY)), new JcaPKCS8Generator(clientKeys.getPrivate(), null));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("auditml", serverKeys.getPrivate(), password.toCharArray(),
                new X509Certificate[]{serverCertificate, caCertificate});
        try (OutputStream out = Files.newOutputStream(readableByOwnerOnly(dir.resolve(SERVER_KEY_STORE)))) {
            store.store(out, password.toCharArray());
        }
    }

    /** Creates an empty file only its owner may read (where the file system has POSIX permissions), for a key. */
    static Path readableByOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant from,
                                                       Instant until) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                Date.from(from), Date.from(until), subject, keys.getPublic());
    }

    private static JcaX509v3CertificateBuilder leaf(X500Name caName, X509Certificate ca, String subject, KeyPair keys,
                                                    Instant from, Instant until, KeyPurposeId purpose)
            throws CertIOException, GeneralSecurityException {
        JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
        JcaX509v3CertificateBuilder builder = builder(caName, new X500Name(subject), keys, from, until);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(ca))
                .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()));
        return builder;
    }

    private static GeneralNames alternativeNames(List<String> hosts) {
        return new GeneralNames(hosts.stream()
                .map(h -> new GeneralName(IP.matcher(h).matches() ? GeneralName.iPAddress : GeneralName.dNSName, h))
                .toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static void pem(Path file, Object... objects) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
    }
}
