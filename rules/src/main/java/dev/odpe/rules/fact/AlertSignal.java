package dev.odpe.rules.fact;

import java.time.Instant;
import java.util.Objects;

/**
 * A firing alert, as a fact for the rules. It lives in the session from the moment the alert fires
 * until it resolves (or expires, see the pack's {@code @expires}); resolving it withdraws every
 * intent that it justified.
 *
 * @param fingerprint Alertmanager's fingerprint: the identity of the alert's label set
 * @param alertName   the {@code alertname} label, for humans
 * @param signal      the kind of breach ({@code signal} label)
 * @param namespace   Kubernetes namespace of the serving workload ({@code namespace} label)
 * @param pool        GPU node pool / serving deployment ({@code pool} label), may be null
 * @param model       Triton model name ({@code model} label), may be null
 * @param version     Triton model version ({@code version} label), may be null
 * @param severity    {@code severity} label, may be null
 * @param startsAt    when the alert started firing, as Alertmanager reports it
 */
public record AlertSignal(
        String fingerprint,
        String alertName,
        Signal signal,
        String namespace,
        String pool,
        String model,
        String version,
        String severity,
        Instant startsAt) {

    public AlertSignal {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(startsAt, "startsAt");
    }
}
