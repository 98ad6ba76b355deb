package dev.odpe.rules.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import java.time.Instant;

/**
 * One step of a scenario: move the clock to {@code at}, then fire an alert, resolve one, or
 * (with neither) only let time pass, e.g. to watch an alert expire. The session is evaluated after
 * every step.
 */
public record ScenarioStep(@JsonProperty(required = true) Instant at, Fire fire, String resolve) {

    public ScenarioStep {
        if (at == null) {
            throw new IllegalArgumentException("a step needs \"at\"");
        }
        if (fire != null && resolve != null) {
            throw new IllegalArgumentException("a step either fires or resolves, not both");
        }
    }

    /** The fields of an {@link AlertSignal}; {@code startsAt} defaults to the step's {@code at}. */
    public record Fire(
            @JsonProperty(required = true) String fingerprint,
            String alertName,
            @JsonProperty(required = true) Signal signal,
            String namespace,
            String pool,
            String model,
            String version,
            String severity,
            Instant startsAt) {

        public Fire {
            if (fingerprint == null || signal == null) {
                throw new IllegalArgumentException("\"fire\" needs \"fingerprint\" and \"signal\"");
            }
        }

        AlertSignal toAlert(Instant at) {
            return new AlertSignal(
                    fingerprint,
                    alertName,
                    signal,
                    namespace,
                    pool,
                    model,
                    version,
                    severity,
                    startsAt == null ? at : startsAt);
        }
    }
}
