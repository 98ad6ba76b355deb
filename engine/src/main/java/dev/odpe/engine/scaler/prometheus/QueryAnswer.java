package dev.odpe.engine.scaler.prometheus;

/** What one instant query returned: a number, or a failure with a reason. Failures are data. */
public sealed interface QueryAnswer {

    record Sample(double value) implements QueryAnswer {
    }

    record Failure(Reason reason, String message) implements QueryAnswer {
    }

    /** Why a query gave no usable number. {@link #isTransient()} says whether the last value may be kept. */
    enum Reason {
        /** Connection refused or reset, DNS: Prometheus may be back soon. */
        UNREACHABLE(true),
        /** No answer within {@code odpe.scaler.prometheus.query-timeout}. */
        TIMEOUT(true),
        /** HTTP 5xx, or Prometheus' own {@code timeout}/{@code canceled}/{@code execution}/{@code internal} errors. */
        SERVER_ERROR(true),
        /** The query returned no series (a target down, a typo in a label): never read as 0. */
        NO_SERIES(true),
        /** Prometheus rejected the query ({@code bad_data}, HTTP 4xx): fix the trigger metadata. */
        BAD_QUERY(false),
        /** More than one series: aggregate with sum()/max() in the query. */
        MANY_SERIES(false),
        /** NaN or ±Inf, e.g. a rate ratio over an idle window. */
        NOT_A_NUMBER(true),
        /** A body that is not Prometheus' query API JSON (wrong URL?). */
        UNEXPECTED_RESPONSE(false);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }
}
