package dev.odpe.engine.adapter.alertmanager;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Alertmanager as the source of truth for alerts: the engine reads its API on start and every
 * {@code resync-interval} and reconciles working memory with it, so a lost webhook, a lost resolve or
 * a restart heals within one interval. Off while {@code urls} is unset. See docs/operations/alertmanager.md.
 */
@ConfigMapping(prefix = "odpe.alertmanager")
public interface AlertmanagerApiConfig {

    /** Base URLs of every Alertmanager of the cluster (an HA pair is normal); their alerts are merged. */
    Optional<List<String>> urls();

    /** How often the alerts are read again and working memory reconciled. */
    @WithDefault("1m")
    Duration resyncInterval();

    /** Only alerts routed to receivers matching this regular expression (Alertmanager's {@code receiver} filter). */
    Optional<String> receiver();

    /** Per request to one Alertmanager. */
    @WithDefault("10s")
    Duration timeout();

    Auth auth();

    Tls tls();

    /** Credentials, read from files before every request (rotated Secrets are followed). */
    interface Auth {

        /** A file holding a bearer token. */
        Optional<Path> bearerTokenFile();

        /** Basic auth user name, with {@code password-file}. */
        Optional<String> username();

        /** A file holding the basic auth password. */
        Optional<Path> passwordFile();
    }

    interface Tls {

        /** PEM CA certificates to trust for https URLs (host names are still verified). */
        Optional<Path> caFile();
    }
}
