package dev.odpe.engine.adapter.rollback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code RollbackModel} reaches Argo CD: the server, and which Application serves each model and
 * where its version lives. See docs/operations/argocd-git.md.
 */
@ConfigMapping(prefix = "odpe.rollback")
public interface RollbackConfig {

    ArgoCd argocd();

    /** The GitOps repository the git-pin strategy commits to. */
    Git git();

    /** Keyed by {@code <namespace>/<model>} as alerts label them, e.g. {@code odpe.rollback.models."ml-serving/bert".application}. */
    Map<String, ModelMapping> models();

    /**
     * After a rollback succeeded, the alert that caused it must resolve within this window; otherwise a
     * {@code Notify} decision ({@code rollback-not-effective}) escalates to a person.
     */
    @WithDefault("15m")
    Duration verifyWithin();

    /**
     * How long after its decision a live rollback's transient failures (a retryable error, an operation
     * already running, a watch that timed out) are tried again, with exponential backoff; then a
     * {@code Notify} decision ({@code rollback-gave-up}) escalates to a person.
     */
    @WithDefault("15m")
    Duration deadline();

    /**
     * Threads for the blocking steps of rollbacks (one Argo CD call, one Git fetch and push each); between
     * steps a rollback waits on a shared timer, not on a thread.
     */
    @WithDefault("4")
    @Min(1)
    int workers();

    /**
     * Rollbacks in flight at most (started and not ended: waiting for a worker, running, watched or
     * waiting to retry); beyond it a decision fails (transient) instead of queueing without bound.
     */
    @WithDefault("100")
    @Min(1)
    int queueCapacity();

    interface ArgoCd {

        /** argocd-server's base URL, e.g. {@code https://argocd-server.argocd.svc}. */
        Optional<URI> url();

        /** A file holding the bearer token (a project role token, mounted from a Secret); re-read on every call. */
        Optional<Path> tokenFile();

        /** Per HTTP call. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Rollback requests per decision at most when they fail transiently (5xx, timeout, unreachable);
         * retries also stop at {@code odpe.rollback.deadline}, whichever comes first.
         */
        @WithDefault("10")
        @Min(1)
        int attempts();

        /** Wait before the first retry (an attempt, or a watch that timed out); doubled for each further one. */
        @WithDefault("2s")
        Duration backoff();

        /** The longest wait between two retries, however often the backoff doubled. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** How long to watch Argo CD's operation after it accepted the rollback. */
        @WithDefault("5m")
        Duration watchTimeout();

        /**
         * When Argo CD refuses the rollback of an auto-synced Application: turn automated sync off first
         * (the decision's detail says so) instead of failing. It stays off — on, Argo CD would sync the
         * bad version from Git again; the git-pin strategy avoids that.
         */
        @WithDefault("false")
        boolean disableAutoSync();

        /** The circuit breaker in front of the Argo CD endpoint. */
        CircuitBreaker circuitBreaker();

        interface CircuitBreaker {

            /** Calls in the rolling window the failure ratio is computed over. */
            @WithDefault("4")
            @Min(1)
            int requestVolume();

            /** Share of transient failures in the window that opens the breaker. */
            @WithDefault("0.5")
            double failureRatio();

            /** How long an open breaker refuses calls before letting a trial call through. */
            @WithDefault("30s")
            Duration delay();
        }

        /** How often the Application is read while watching. */
        @WithDefault("2s")
        Duration watchInterval();
    }

    interface Git {

        /** Clone URL of the GitOps repository ({@code https://…}; {@code file:///…} for one on disk). */
        Optional<URI> url();

        /** The branch Argo CD tracks. */
        @WithDefault("main")
        String branch();

        /** ODPE's scratch clone lives under here (an emptyDir in Kubernetes); reset before every use. */
        @WithDefault("/tmp/odpe-gitops")
        Path workDir();

        /** HTTPS user name sent with the token. */
        @WithDefault("odpe")
        String username();

        /** File holding the HTTPS token (mounted from a Secret), re-read on every fetch and push; unset: none. */
        Optional<Path> tokenFile();

        /** Author and committer of pin commits. */
        @WithDefault("odpe")
        String authorName();

        @WithDefault("odpe@localhost")
        String authorEmail();

        /** Tries when the push is not a fast-forward because someone committed meanwhile. */
        @WithDefault("3")
        @Min(1)
        int pushAttempts();

        /** Per clone, fetch or push. */
        @WithDefault("30s")
        Duration timeout();

        /** Commits touching the values file searched for the last good version and an earlier pin of a decision. */
        @WithDefault("200")
        @Min(1)
        int historyDepth();
    }

    interface ModelMapping {

        /** The Argo CD Application serving the model. */
        String application();

        /**
         * How to roll it back: {@code api} (Argo CD's rollback API; refused while automated sync is on)
         * or {@code app-patch} (pin the version in the Application through the Kubernetes API; works
         * with automated sync) or {@code git-pin} (commit the last good version to the GitOps repository,
         * {@code odpe.rollback.git.*}; works with automated sync).
         */
        @WithDefault("api")
        String strategy();

        /** The namespace the Application lives in. */
        @WithDefault("argocd")
        String appNamespace();

        /** Its Argo CD project. */
        @WithDefault("default")
        String project();

        /** The Helm parameter holding the model version (set this or {@code kustomize-image}). */
        Optional<String> helmParameter();

        /** The Kustomize image whose tag is the model version (set this or {@code helm-parameter}). */
        Optional<String> kustomizeImage();

        /** git-pin: the YAML file in the GitOps repository holding the version, e.g. {@code apps/bert/values.yaml}. */
        Optional<String> valuesFile();

        /** git-pin: the dotted key of the version in {@code values-file}, e.g. {@code model.version}. */
        Optional<String> valuesKey();
    }
}
