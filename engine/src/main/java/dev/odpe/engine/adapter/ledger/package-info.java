/**
 * The remediation ledger as Kubernetes custom resources ({@code remediations.odpe.dev/v1alpha1}), and the
 * choice of ledger at start-up ({@code odpe.ledger}) with its rule: live actions need a durable ledger.
 */
package dev.odpe.engine.adapter.ledger;
