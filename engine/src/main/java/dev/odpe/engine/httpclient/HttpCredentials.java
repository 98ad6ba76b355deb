package dev.odpe.engine.httpclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * What an outbound HTTP client (Prometheus, Alertmanager) sends as {@code Authorization}. Secrets stay
 * in their files and are read before every request: Kubernetes rotates projected service account tokens and updates mounted Secrets
 * in place, and a restart should not be needed to follow them. The values never reach a log or a reason.
 */
public sealed interface HttpCredentials {

    HttpCredentials NONE = new None();

    /** The header value, or empty for none. @throws IOException when a secret file cannot be read or is empty */
    Optional<String> authorization() throws IOException;

    /** How settings and failures name it, without the secret, e.g. {@code bearer token from /var/run/…/token}. */
    String describe();

    record None() implements HttpCredentials {
        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no credentials";
        }
    }

    record BearerToken(Path tokenFile) implements HttpCredentials {
        @Override
        public Optional<String> authorization() throws IOException {
            return Optional.of("Bearer " + secret(tokenFile));
        }

        @Override
        public String describe() {
            return "bearer token from " + tokenFile;
        }
    }

    record Basic(String username, Path passwordFile) implements HttpCredentials {
        @Override
        public Optional<String> authorization() throws IOException {
            String pair = username + ":" + secret(passwordFile);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String describe() {
            return "basic auth as " + username + " (password from " + passwordFile + ")";
        }
    }

    /**
     * Credentials from the usual three settings under {@code prefix} ({@code auth.bearer-token-file}, or
     * {@code auth.username} with {@code auth.password-file}), checked once at start-up: both kinds, half
     * of basic auth, or a secret that cannot be read now stops the engine naming the key.
     *
     * @param prefix the settings' prefix with its trailing dot, e.g. {@code odpe.scaler.prometheus.}
     */
    static HttpCredentials fromFiles(
            String prefix, Optional<Path> bearerTokenFile, Optional<String> username, Optional<Path> passwordFile) {
        HttpCredentials credentials;
        if (bearerTokenFile.isPresent()) {
            if (username.isPresent() || passwordFile.isPresent()) {
                throw invalid(
                        prefix,
                        "auth.bearer-token-file",
                        bearerTokenFile.get().toString(),
                        "set either it or auth.username with auth.password-file, not both");
            }
            credentials = new BearerToken(bearerTokenFile.get());
        } else if (username.isPresent() != passwordFile.isPresent()) {
            throw invalid(
                    prefix,
                    username.isPresent() ? "auth.username" : "auth.password-file",
                    username.map(String::valueOf)
                            .orElseGet(() -> passwordFile.get().toString()),
                    "basic auth needs both auth.username and auth.password-file");
        } else if (username.isPresent()) {
            credentials = new Basic(username.get(), passwordFile.get());
        } else {
            return NONE;
        }
        try {
            credentials.authorization(); // readable now, so a wrong mount path stops start-up, not every request
        } catch (IOException e) {
            throw invalid(prefix, "auth", credentials.describe(), "cannot read the secret: " + e.getMessage());
        }
        return credentials;
    }

    private static IllegalStateException invalid(String prefix, String key, String value, String why) {
        return new IllegalStateException(prefix + key + "=" + value + " is invalid: " + why);
    }

    /** The file's content without surrounding whitespace (a trailing newline from {@code echo} or a Secret). */
    private static String secret(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return value;
    }
}
