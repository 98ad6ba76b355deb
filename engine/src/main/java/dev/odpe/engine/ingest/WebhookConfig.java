package dev.odpe.engine.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The Alertmanager webhook ({@code POST /api/v1/alerts/alertmanager}): body limit, bearer token and
 * the de-duplication window. Cross-field rules (token vs token-file, body limit vs Quarkus' own
 * limit, positive durations) are checked at start-up by the ingest package and fail it with a
 * message naming the keys.
 */
@ConfigMapping(prefix = "odpe.webhook")
public interface WebhookConfig {

    /** 1 MiB: Alertmanager groups are a few KiB; this leaves room for max_alerts-less groups of hundreds. */
    String DEFAULT_MAX_BODY_BYTES = "1048576";

    /** Alertmanager ignores Retry-After (it backs off 500 ms x1.5 up to 60 s), other senders may honour it. */
    String DEFAULT_RETRY_AFTER = "5s";

    /**
     * Largest accepted request body in bytes; larger bodies (declared or chunked) get 413 problem JSON.
     * Must stay below {@code quarkus.http.limits.max-body-size} so Quarkus never answers first.
     */
    @WithDefault(DEFAULT_MAX_BODY_BYTES)
    @Positive
    long maxBodyBytes();

    /** Static bearer token Alertmanager must send ({@code http_config.authorization}). Unset: no auth. */
    Optional<String> token();

    /**
     * File holding the bearer token, e.g. a mounted Kubernetes Secret; re-read when it changes (rotation).
     * Mutually exclusive with {@link #token()}.
     */
    Optional<Path> tokenFile();

    /**
     * File holding the HMAC-SHA256 secret of senders that sign their bodies
     * ({@code X-Hub-Signature-256: sha256=<hex>}); re-read when it changes. Unset: no signature is checked.
     */
    Optional<Path> hmacSecretFile();

    /** Value of the Retry-After header on 503 (evaluation queue full, or this replica is not the leader). */
    @WithDefault(DEFAULT_RETRY_AFTER)
    Duration retryAfter();

    /** Remembers (fingerprint, startsAt, status) so Alertmanager's re-sends are not evaluated twice. */
    @Valid
    Dedupe dedupe();

    interface Dedupe {

        /** Enough for 100k distinct alert states; about 20 MB of heap at most. */
        String DEFAULT_MAX_ENTRIES = "100000";

        /** Longer than a day so a daily repeat_interval re-send is still recognised. */
        String DEFAULT_TTL = "26h";

        /** Upper bound on remembered alert states; the oldest are forgotten first. */
        @WithDefault(DEFAULT_MAX_ENTRIES)
        @Positive
        int maxEntries();

        /** Hourly: far below the 26 h fact expiry and Alertmanager's 4 h default repeat_interval. */
        String DEFAULT_REFRESH_INTERVAL = "1h";

        /** How long an alert state is remembered (renewed by each refresh). */
        @WithName("ttl")
        @WithDefault(DEFAULT_TTL)
        Duration ttl();

        /**
         * A repeat of a firing alert whose state was handed to evaluation this long ago or longer is handed
         * on once more as a refresh: it restarts the fact's expiry (and the state's ttl), deciding nothing.
         * Repeats within the interval are dropped without touching evaluation.
         */
        @WithDefault(DEFAULT_REFRESH_INTERVAL)
        Duration refreshInterval();
    }
}
