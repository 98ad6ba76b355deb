package dev.odpe.engine.adapter.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Remembers which threads existed just before the engine under test started, so a test can tell the
 * threads this engine created from those an earlier engine in the same test JVM left behind.
 */
public class ThreadsBeforeStart implements QuarkusTestResourceLifecycleManager {

    private static volatile Set<Long> ids = Set.of();

    static boolean existedBeforeStart(Thread thread) {
        return ids.contains(thread.getId());
    }

    @Override
    public Map<String, String> start() {
        ids = Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toUnmodifiableSet());
        return Map.of();
    }

    @Override
    public void stop() {
        ids = Set.of();
    }
}
