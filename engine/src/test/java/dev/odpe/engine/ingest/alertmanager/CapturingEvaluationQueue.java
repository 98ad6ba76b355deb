package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.evaluate.BoundedEvaluationQueue;
import dev.odpe.engine.evaluate.EvaluationConfig;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.engine.testing.ConfigStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the evaluation queue in HTTP tests: records offered batches and can be made to
 * refuse them, like a full queue. Extends the real bean class so QuarkusMock can install it.
 */
class CapturingEvaluationQueue extends BoundedEvaluationQueue {

    private static final int CAPACITY = 8;

    private final List<IngestBatch> offered = new CopyOnWriteArrayList<>();
    private volatile boolean full;

    CapturingEvaluationQueue() {
        super(capacityOnly(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private static EvaluationConfig capacityOnly() {
        return ConfigStub.of(
                EvaluationConfig.class,
                Map.of(
                        "queueCapacity",
                        CAPACITY,
                        "maxAlerts",
                        200_000L,
                        "tick",
                        Duration.ofSeconds(1),
                        "drainTimeout",
                        Duration.ofSeconds(1)));
    }

    @Override
    public boolean offer(IngestBatch batch) {
        if (full) {
            return false;
        }
        offered.add(batch);
        return true;
    }

    @Override
    public String refusalReason() {
        return "evaluation queue is full (" + CAPACITY + " of " + CAPACITY + " batches waiting)";
    }

    @Override
    public int depth() {
        return full ? CAPACITY : offered.size();
    }

    void fill() {
        full = true;
    }

    void freeSpace() {
        full = false;
    }

    List<IngestBatch> offered() {
        return List.copyOf(offered);
    }
}
