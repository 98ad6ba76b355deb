package dev.odpe.engine.adapter.rollback;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The threads rollbacks run on, made and shut down by {@link RollbackProducers}.
 *
 * @param workers       run rollback jobs (each may wait minutes for Argo CD), bounded queue
 * @param verifications checks, {@code odpe.rollback.verify-within} after a rollback, that it helped
 */
record RollbackThreads(ThreadPoolExecutor workers, ScheduledExecutorService verifications) {}
