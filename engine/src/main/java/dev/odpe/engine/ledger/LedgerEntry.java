package dev.odpe.engine.ledger;

/**
 * One remediation as stored: what was committed and how it is doing.
 *
 * @param name the ledger's name for it (the Kubernetes object name), derived from the idempotency key
 */
public record LedgerEntry(String name, Remediation remediation, RemediationStatus status) {

    public LedgerEntry withStatus(RemediationStatus newStatus) {
        return new LedgerEntry(name, remediation, newStatus);
    }
}
