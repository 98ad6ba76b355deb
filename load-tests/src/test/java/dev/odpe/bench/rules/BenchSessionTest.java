package dev.odpe.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark workloads do what they claim; timing lives in JMH, not here. */
class BenchSessionTest {

    private static final int STEPS = 1_000;
    private static RulePack pack;

    @BeforeAll
    static void compile() {
        pack = RulePackCompiler.bundled();
    }

    @Test
    void singleMatchWorkloadEmitsOneBoostPerFireAndKeepsMemoryFlat() {
        // Given a session
        try (BenchSession bench = new BenchSession(pack)) {
            // When the single-match step runs many times
            for (int i = 0; i < STEPS; i++) {
                bench.singleMatchStep();
            }

            // Then every fire emitted a boost, old ones were withdrawn, and facts stay within the window
            assertThat(bench.emitted()).isEqualTo(STEPS);
            assertThat(bench.withdrawn()).isEqualTo(STEPS - BenchSession.LIVE_WINDOW);
            assertThat(bench.factCount()).isLessThanOrEqualTo(1 + 2L * BenchSession.LIVE_WINDOW);
        }
    }

    @Test
    void jsonWorkloadParsesAndEmitsLikeTheObjectWorkload() {
        // Given a session
        try (BenchSession bench = new BenchSession(pack)) {
            // When the JSON single-match step runs many times
            for (int i = 0; i < STEPS; i++) {
                bench.jsonSingleMatchStep();
            }

            // Then every parsed fire emitted a boost and old ones were withdrawn
            assertThat(bench.emitted()).isEqualTo(STEPS);
            assertThat(bench.withdrawn()).isEqualTo(STEPS - BenchSession.LIVE_WINDOW);
        }
    }

    @Test
    void correlationWorkloadRollsBackEveryModelAndKeepsMemoryFlat() {
        // Given a session
        try (BenchSession bench = new BenchSession(pack)) {
            // When the correlation step runs many times
            for (int i = 0; i < STEPS; i++) {
                bench.correlationStep();
            }

            // Then each step emitted a notice and a correlated rollback
            assertThat(bench.emitted()).isEqualTo(2L * STEPS);
            assertThat(bench.factCount()).isLessThanOrEqualTo(1 + 4L * BenchSession.LIVE_WINDOW);
        }
    }

    @Test
    void repeatedAlertWorkloadEmitsOnlyOnce() {
        // Given a session
        try (BenchSession bench = new BenchSession(pack)) {
            // When the same alert is re-sent many times
            for (int i = 0; i < STEPS; i++) {
                bench.repeatStep();
            }

            // Then it emitted once and never withdrew
            assertThat(bench.emitted()).isEqualTo(1);
            assertThat(bench.withdrawn()).isZero();
        }
    }
}
