package dev.odpe.engine.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} that trusts exactly the CA certificates of a PEM file (e.g.
 * {@code odpe.scaler.prometheus.tls.ca-file}): a cluster-internal CA (service serving certificates,
 * cert-manager) rather than the public ones of the JVM. Host names are still verified.
 */
public final class PemTrust {

    private PemTrust() {}

    /**
     * @param key the setting that named the file, for the error
     * @throws IllegalStateException naming the key and the file when it is unreadable or holds no certificate
     */
    public static SSLContext trusting(String key, Path caFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw invalid(key, caFile, "cannot read PEM certificates: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw invalid(key, caFile, "no certificate in it");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw invalid(key, caFile, e.toString());
        }
    }

    private static IllegalStateException invalid(String key, Path caFile, String why) {
        return new IllegalStateException(key + "=" + caFile + " is invalid: " + why);
    }
}
