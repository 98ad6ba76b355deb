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

    /** The file's content without surrounding whitespace (a trailing newline from {@code echo} or a Secret). */
    private static String secret(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return value;
    }
}
