package dev.odpe.engine.it;

import dev.odpe.engine.httpclient.HttpCredentials;
import dev.odpe.engine.httpclient.PemTrust;
import dev.odpe.testsupport.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What a Prometheus {@code --web.config.file} needs for TLS and basic auth, made for one test run: a
 * self-signed certificate for 127.0.0.1 (PEM, also the CA a client must trust) with its key, and a user
 * whose password Prometheus knows only as a bcrypt hash.
 *
 * @param caFile the certificate, to trust as {@code odpe.scaler.prometheus.tls.ca-file}
 * @param passwordFile the clear password, as {@code odpe.scaler.prometheus.auth.password-file} would mount it
 */
public record PrometheusWebSecurity(Path caFile, Path keyFile, String username, Path passwordFile, Path webConfig) {

    /** Writes the certificate, key, password and web config into {@code dir}. */
    public static PrometheusWebSecurity create(Path dir, String username, String password) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            Path cert = Files.writeString(
                    dir.resolve("prometheus.crt"),
                    pem("CERTIFICATE", selfSigned(keys).getEncoded()));
            Path key = Files.writeString(
                    dir.resolve("prometheus.key"),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            Path passwordFile = Files.writeString(dir.resolve("password"), password + "\n");
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4); // cost 4: fast, it is a test
            Path webConfig = Files.writeString(dir.resolve("web-config.yml"), """
                    tls_server_config:
                      cert_file: %s
                      key_file: %s
                    basic_auth_users:
                      %s: '%s'
                    """.formatted(cert, key, username, hash));
            return new PrometheusWebSecurity(cert, key, username, passwordFile, webConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not make a test certificate", e);
        }
    }

    /** How the test helpers reach this Prometheus: https, trusting the certificate, with basic auth. */
    public LocalServer.Access access() {
        try {
            SSLContext trust = PemTrust.trusting("odpe.scaler.prometheus.tls.ca-file", caFile);
            return new LocalServer.Access(
                    "https",
                    HttpClient.newBuilder()
                            .sslContext(trust)
                            .connectTimeout(Duration.ofSeconds(2))
                            .build(),
                    new HttpCredentials.Basic(username, passwordFile).authorization());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=odpe-test-prometheus");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
