package dev.odpe.engine.adapter.rollback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApiRollbackStrategy;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationPatchStrategy;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationReader;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationResources;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdCircuitBreaker;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdClient;
import dev.odpe.engine.adapter.rollback.git.GitPinStrategy;
import dev.odpe.engine.adapter.rollback.git.GitRepo;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Builds what rollbacks need from {@link RollbackConfig}: the Argo CD client, each configured
 * strategy registered under its key with the reader that watches its outcome, and the threads (a
 * bounded worker pool for blocking steps, one timer thread for everything due later).
 */
@Singleton
class RollbackProducers {

    @Produces
    @Singleton
    RollbackJobs jobs(
            RollbackConfig config,
            ObjectMapper json,
            KubernetesClient kubernetes,
            Clock clock,
            RollbackThreads threads,
            MeterRegistry meters) {
        RollbackConfig.ArgoCd argocd = config.argocd();
        Counter retries = Counter.builder("odpe.rollback.retries")
                .description("Transient rollback failures scheduled to be tried again (attempt or watch)")
                .register(meters);
        Shared shared = new Shared(argocd, config.deadline(), clock, threads, retries::increment);
        ArgoCdClient client =
                argocd.url().map(url -> argoCdClient(argocd, url, json)).orElse(null);
        ApplicationResources applications = new ApplicationResources(kubernetes, json);
        Map<StrategyKey, RollbackJob> jobs = new EnumMap<>(StrategyKey.class);
        if (client != null) {
            register(jobs, new ApiRollbackStrategy(client, json, argocd.disableAutoSync()), client, shared);
        }
        register(jobs, new ApplicationPatchStrategy(applications), applications, shared);
        if (config.git().url().isPresent()) {
            // A pushed commit is watched through Argo CD's API when there is one; without it, pushed means done.
            register(jobs, new GitPinStrategy(gitRepo(config.git()), clock), client, shared);
        }
        return new RollbackJobs(jobs);
    }

    @Produces
    @Singleton
    RollbackThreads threads(RollbackConfig config) {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                config.workers(),
                config.workers(),
                1,
                TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(config.queueCapacity()),
                daemon("odpe-rollback"));
        return new RollbackThreads(workers, Executors.newSingleThreadScheduledExecutor(daemon("odpe-rollback-timer")));
    }

    void stop(@Disposes RollbackThreads threads) {
        threads.timer().shutdownNow();
        threads.workers().shutdownNow();
    }

    /** What every strategy's job shares. */
    private record Shared(
            RollbackConfig.ArgoCd argocd, Duration deadline, Clock clock, RollbackSteps steps, Runnable onRetry) {}

    private static void register(
            Map<StrategyKey, RollbackJob> jobs,
            RollbackStrategy strategy,
            ApplicationReader watchedThrough,
            Shared shared) {
        jobs.put(
                strategy.key(),
                new RollbackJob(
                        strategy,
                        watchedThrough,
                        shared.argocd(),
                        shared.deadline(),
                        shared.clock(),
                        shared.steps(),
                        shared.onRetry()));
    }

    private static ArgoCdClient argoCdClient(RollbackConfig.ArgoCd argocd, URI url, ObjectMapper json) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(argocd.timeout()).build();
        ArgoCdCircuitBreaker breaker = new ArgoCdCircuitBreaker(
                url,
                argocd.circuitBreaker().requestVolume(),
                argocd.circuitBreaker().failureRatio(),
                argocd.circuitBreaker().delay());
        return new ArgoCdClient(http, url, argocd.tokenFile().orElseThrow(), argocd.timeout(), json, breaker);
    }

    private static GitRepo gitRepo(RollbackConfig.Git git) {
        return new GitRepo(
                git.url().orElseThrow(),
                git.branch(),
                git.workDir(),
                git.username(),
                git.tokenFile(),
                git.authorName(),
                git.authorEmail(),
                git.pushAttempts(),
                git.timeout(),
                git.historyDepth());
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
