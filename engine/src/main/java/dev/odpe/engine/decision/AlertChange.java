package dev.odpe.engine.decision;

import dev.odpe.rules.fact.AlertSignal;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert's state change, as ingest hands it to evaluation. Ingest has already validated,
 * mapped and de-duplicated it.
 */
public sealed interface AlertChange {

    String fingerprint();

    /** The alert fires (first time, or again with a new {@code startsAt}). */
    record Fired(AlertSignal signal) implements AlertChange {
        public Fired {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String fingerprint() {
            return signal.fingerprint();
        }
    }

    /**
     * A repeat of a firing alert already handed to evaluation (Alertmanager's repeat_interval): if the
     * same firing (fingerprint and {@code startsAt}) is still in working memory, its fact is re-inserted,
     * which restarts its expiry and decides nothing; otherwise nothing happens (it resolved or expired).
     */
    record Refreshed(AlertSignal signal) implements AlertChange {
        public Refreshed {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String fingerprint() {
            return signal.fingerprint();
        }
    }

    /**
     * The alert resolved: its fact is retracted and the intents it justified are withdrawn, unless
     * {@code startsAt} (may be null) is older than the firing fact's: a late resolve of an earlier
     * episode (an HA Alertmanager peer, an old "no drift" event) is ignored.
     */
    record Resolved(String fingerprint, Instant startsAt) implements AlertChange {
        public Resolved {
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }
}
