package dev.odpe.engine.evaluate.journal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decision.Decision;
import dev.odpe.rules.journal.InputRecord;
import dev.odpe.rules.journal.JournalReader;
import dev.odpe.rules.journal.JournalReplay;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The journal a running engine writes replays, through the same pack and on the journal's own clock,
 * to the very decisions the engine made (issue 14 part 3).
 */
@QuarkusTest
@TestProfile(JournalFileProfile.class)
class EngineJournalReplayTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String STARTS_AT = "2026-11-28T10:00:00Z";

    @Inject
    AuditLog audit;

    /** A decision as both sides can state it: what a rule said about which action, because of which alerts. */
    record Said(Decision.Intent intent, String rule, Object action, List<String> causes) {}

    @Test
    void theJournalOfARunningEngineReplaysToTheDecisionsItMade() throws IOException {
        // Given an engine writing its input journal to a file, with scale step 3
        Map<String, String> latency = labels("latency", "pool", "journal-a100");
        Map<String, String> errors = labels("errors", "model", "journal-bert");
        Map<String, String> drift = labels("drift", "model", "journal-bert");

        // When Alertmanager posts a latency breach, an errors breach and drift on the same model version,
        // then the latency and the drift resolve
        post(AlertmanagerPayloads.firing("j000000000000001", STARTS_AT, latency));
        post(AlertmanagerPayloads.firing("j000000000000002", STARTS_AT, errors));
        post(AlertmanagerPayloads.firing("j000000000000003", "2026-11-28T10:03:00Z", drift));
        post(AlertmanagerPayloads.resolved("j000000000000001", STARTS_AT, "2026-11-28T10:05:00Z", latency));
        post(AlertmanagerPayloads.resolved("j000000000000003", "2026-11-28T10:03:00Z", "2026-11-28T10:06:00Z", drift));

        // Then the engine decided: boost, errors rollback, drift+errors rollback, drift notice, and withdrew
        // the boost, the drift+errors rollback and the notice
        await().atMost(WITHIN).until(() -> engineDecisions().size() >= 7);
        List<Said> engine = engineDecisions();
        // ... and its journal holds the five changes after the session start
        await().atMost(WITHIN)
                .until(() ->
                        lastSession().stream().filter(InputRecord::changesFacts).count() >= 5);
        List<InputRecord> journal = lastSession();
        assertThat(journal.get(0).kind()).isEqualTo(InputRecord.Kind.START);
        assertThat(journal.get(0).settings().scaleStep()).isEqualTo(3);

        // ... which replays through the bundled pack to the same decisions, in the same order
        List<Said> replayed = new ArrayList<>();
        for (RuleOutcome outcome :
                JournalReplay.replay(RulePackCompiler.bundled(), journal).decided()) {
            replayed.add(said(outcome));
        }
        assertThat(engine).hasSize(7);
        assertThat(replayed).containsExactlyElementsOf(engine);
    }

    private List<Said> engineDecisions() {
        List<Said> said = new ArrayList<>();
        for (Decision decision : audit.find(d -> true, 1000)) {
            said.add(new Said(decision.intent(), decision.rule(), decision.action(), decision.causes()));
        }
        Collections.reverse(said); // the audit log is newest first
        return said;
    }

    private static Said said(RuleOutcome outcome) {
        Decision.Intent intent =
                outcome instanceof RuleOutcome.Emitted ? Decision.Intent.EMITTED : Decision.Intent.WITHDRAWN;
        return new Said(intent, outcome.rule(), outcome.action(), outcome.causes());
    }

    /** The records of the engine run this test talks to: from the journal file's last start on. */
    private static List<InputRecord> lastSession() throws IOException {
        if (!Files.exists(JournalFileProfile.JOURNAL)) {
            return List.of();
        }
        JournalReader.Journal journal = JournalReader.read(JournalFileProfile.JOURNAL);
        assertThat(journal.problems()).isEmpty();
        List<InputRecord> records = journal.records();
        int start = 0;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).kind() == InputRecord.Kind.START) {
                start = i;
            }
        }
        return records.subList(start, records.size());
    }

    private static Map<String, String> labels(String signal, String key, String value) {
        return Map.of(
                "alertname",
                "Journal-" + signal,
                "signal",
                signal,
                "namespace",
                "ml-journal",
                key,
                value,
                "version",
                "8",
                "severity",
                "page");
    }

    private static void post(String body) {
        given().contentType("application/json")
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
    }
}
