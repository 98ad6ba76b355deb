package dev.odpe.engine.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.ingest.DedupeKey;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerAlertMapperTest {

    private static final Instant STARTS_AT = Instant.parse("2026-11-28T04:48:06Z");
    private static final Map<String, String> LATENCY_LABELS = Map.of(
            "alertname",
            "TritonP99LatencyHigh",
            "signal",
            "latency",
            "namespace",
            "ml-serving",
            "pool",
            "triton-a100",
            "model",
            "bert",
            "version",
            "8",
            "severity",
            "page");

    private final AlertmanagerAlertMapper mapper = new AlertmanagerAlertMapper();

    @Test
    void firingAlertWithTheLabelContractBecomesAFiredFact() {
        // Given a firing latency alert
        AlertmanagerAlert alert = alert("firing", LATENCY_LABELS, "8223428fff28d0fa");

        // When it is mapped
        MappedAlert mapped = mapper.map(0, alert);

        // Then it is a Fired change with every label in place and its dedupe key
        AlertSignal expected = new AlertSignal(
                "8223428fff28d0fa",
                "TritonP99LatencyHigh",
                Signal.LATENCY,
                "ml-serving",
                "triton-a100",
                "bert",
                "8",
                "page",
                STARTS_AT);
        assertThat(mapped)
                .isEqualTo(new MappedAlert.Derived(
                        0,
                        expected,
                        new AlertChange.Fired(expected),
                        new DedupeKey("8223428fff28d0fa", STARTS_AT, "firing"),
                        false));
    }

    @Test
    void resolvedAlertBecomesAResolvedChangeOfTheSameEpisode() {
        // When a resolved alert is mapped
        MappedAlert mapped = mapper.map(3, alert("resolved", LATENCY_LABELS, "8223428fff28d0fa"));

        // Then the change withdraws that fingerprint's episode
        assertThat(mapped).isInstanceOfSatisfying(MappedAlert.Derived.class, d -> {
            assertThat(d.change()).isEqualTo(new AlertChange.Resolved("8223428fff28d0fa", STARTS_AT));
            assertThat(d.key()).isEqualTo(new DedupeKey("8223428fff28d0fa", STARTS_AT, "resolved"));
        });
    }

    @Test
    void alertWithoutSignalLabelIsIgnoredAsSignalMissing() {
        Map<String, String> labels = new HashMap<>(LATENCY_LABELS);
        labels.remove("signal");

        MappedAlert mapped = mapper.map(1, alert("firing", labels, "abc"));

        assertThat(mapped).isInstanceOfSatisfying(MappedAlert.Ignored.class, i -> {
            assertThat(i.reason()).isEqualTo(IgnoreReason.SIGNAL_MISSING);
            assertThat(i.index()).isEqualTo(1);
            assertThat(i.alertName()).isEqualTo("TritonP99LatencyHigh");
        });
    }

    @Test
    void alertWithAnUnknownSignalIsIgnoredAsSignalUnknownNamingTheValue() {
        Map<String, String> labels = new HashMap<>(LATENCY_LABELS);
        labels.put("signal", "Latency");

        MappedAlert mapped = mapper.map(0, alert("firing", labels, "abc"));

        assertThat(mapped).isInstanceOfSatisfying(MappedAlert.Ignored.class, i -> {
            assertThat(i.reason()).isEqualTo(IgnoreReason.SIGNAL_UNKNOWN);
            assertThat(i.detail()).contains("\"Latency\"").contains("latency, errors");
        });
    }

    @Test
    void alertWithoutNamespaceIsIgnoredAsNamespaceMissing() {
        Map<String, String> labels = new HashMap<>(LATENCY_LABELS);
        labels.put("namespace", " ");

        MappedAlert mapped = mapper.map(0, alert("firing", labels, "abc"));

        assertThat(mapped)
                .isInstanceOfSatisfying(
                        MappedAlert.Ignored.class,
                        i -> assertThat(i.reason()).isEqualTo(IgnoreReason.NAMESPACE_MISSING));
    }

    @Test
    void missingFingerprintIsDerivedExactlyAsAlertmanagerComputesIt() {
        // Given the labels for which Alertmanager 0.25 reported fingerprint 8223428fff28d0fa, without fingerprint
        AlertmanagerAlert alert = alert("firing", LATENCY_LABELS, null);

        // When it is mapped
        MappedAlert mapped = mapper.map(0, alert);

        // Then the derived fingerprint is Alertmanager's, and marked as derived
        assertThat(mapped).isInstanceOfSatisfying(MappedAlert.Derived.class, d -> {
            assertThat(d.signal().fingerprint()).isEqualTo("8223428fff28d0fa");
            assertThat(d.fingerprintDerived()).isTrue();
        });
    }

    @Test
    void derivedFingerprintDoesNotDependOnLabelOrder() {
        Map<String, String> reversed = new java.util.LinkedHashMap<>();
        LATENCY_LABELS.keySet().stream()
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(k -> reversed.put(k, LATENCY_LABELS.get(k)));

        assertThat(LabelSetFingerprint.of(reversed))
                .isEqualTo(LabelSetFingerprint.of(LATENCY_LABELS))
                .isEqualTo("8223428fff28d0fa");
    }

    private static AlertmanagerAlert alert(String status, Map<String, String> labels, String fingerprint) {
        return new AlertmanagerAlert(status, labels, Map.of(), STARTS_AT, null, null, fingerprint);
    }
}
