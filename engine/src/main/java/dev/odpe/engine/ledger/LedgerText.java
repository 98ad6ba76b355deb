package dev.odpe.engine.ledger;

import dev.odpe.engine.http.UrlCredentials;

/** What text may go into the ledger: redacted (no URL credentials, no bearer token) and bounded. */
final class LedgerText {

    /** A status detail is for people; the audit has the whole story. Keeps one object well below etcd's limits. */
    static final int MAX_DETAIL = 2048;

    private LedgerText() {}

    static String redact(String text) {
        if (text == null) {
            return "";
        }
        String redacted = UrlCredentials.redact(text);
        return redacted.length() <= MAX_DETAIL ? redacted : redacted.substring(0, MAX_DETAIL - 1) + "…";
    }
}
