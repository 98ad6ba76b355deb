package dev.odpe.engine.ingest;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The engine's {@link Clock}: UTC system time. A {@link DefaultBean}, so tests and other modules can
 * replace it by producing their own Clock. (Lives here until the engine has a shared home for it.)
 */
@Dependent
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
