package dev.odpe.engine.adapter.keda.prometheus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the KEDA scaler's signal queries are evaluated. Unset URL: no signal source, every query
 * reads as failed (UNAVAILABLE to KEDA). Checked at start-up by {@link PrometheusSettings#from}.
 * See docs/operations/prometheus.md.
 */
@ConfigMapping(prefix = "odpe.scaler.prometheus")
public interface PrometheusConfig {

    /** Prometheus' base URL, e.g. {@code http://prometheus.monitoring.svc:9090} (a path prefix is kept). */
    Optional<String> url();

    /** How often every tracked query is evaluated again. */
    @WithDefault("5s")
    Duration refreshInterval();

    /** Longest wait for one query's answer (also sent to Prometheus as its evaluation timeout). */
    @WithDefault("3s")
    Duration queryTimeout();

    /** Distinct queries refreshed at most; beyond it new queries read as failed, naming this key. */
    @WithDefault("1000")
    int maxTrackedQueries();

    /** Queries in flight to Prometheus at once. */
    @WithDefault("8")
    int maxConcurrentQueries();

    /** A query no RPC asked for during this long stops being refreshed. */
    @WithDefault("10m")
    Duration forgetAfter();

    /** Credentials for a Prometheus behind auth (web config basic auth, kube-rbac-proxy, a Thanos querier). */
    Auth auth();

    Tls tls();

    /** At most one of bearer token and basic auth. Secrets are read from files (mounted Secrets), never from config values. */
    interface Auth {

        /**
         * A file holding a bearer token, sent as {@code Authorization: Bearer}. Read again before every
         * query, so a rotated token (a projected service account token) is picked up without a restart.
         */
        Optional<Path> bearerTokenFile();

        /** Basic auth user; needs {@code password-file}. */
        Optional<String> username();

        /** A file holding the basic auth password; read again before every query. */
        Optional<Path> passwordFile();
    }

    interface Tls {

        /** PEM file of the CA certificate(s) to trust for an {@code https://} URL, instead of the JVM's trust store. */
        Optional<Path> caFile();
    }
}
