package dev.odpe.engine.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.testing.ConfigStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShutdownBudgetCheckTest {

    @Test
    void budgetsAddingUpToMoreThanTheGracePeriodFailStartUpNamingEveryKey() {
        // Given a 30 s grace period and budgets of 30 s, 10 s and none
        ShutdownBudgetCheck check = new ShutdownBudgetCheck(
                grace(Duration.ofSeconds(30)),
                List.of(
                        budget("odpe.evaluation.drain-timeout", Duration.ofSeconds(30)),
                        budget("odpe.audit.log-drain-timeout", Duration.ofSeconds(10)),
                        budget("odpe.kafka.publish-drain-timeout", Duration.ZERO)));

        // When start-up checks them, then it fails naming the sum, the keys that count and the grace period
        assertThatThrownBy(() -> check.check(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PT40S")
                .hasMessageContaining("odpe.evaluation.drain-timeout=PT30S + odpe.audit.log-drain-timeout=PT10S")
                .hasMessageContaining("odpe.shutdown.grace-period=PT30S")
                .hasMessageContaining("terminationGracePeriodSeconds")
                .hasMessageNotContaining("kafka");
    }

    @Test
    void budgetsThatFitTheGracePeriodPass() {
        // Given budgets of 30 s and 30 s, when checked against a 60 s grace period, then start-up goes on
        ShutdownBudgetCheck check = new ShutdownBudgetCheck(
                grace(Duration.ofSeconds(60)),
                List.of(
                        budget("odpe.evaluation.drain-timeout", Duration.ofSeconds(30)),
                        budget("odpe.audit.log-drain-timeout", Duration.ofSeconds(30))));

        assertThatCode(() -> check.check(null)).doesNotThrowAnyException();
    }

    private static ShutdownConfig grace(Duration period) {
        return ConfigStub.of(ShutdownConfig.class, Map.of("gracePeriod", period));
    }

    private static ShutdownBudget budget(String key, Duration budget) {
        return new ShutdownBudget() {
            @Override
            public String budgetKey() {
                return key;
            }

            @Override
            public Duration budget() {
                return budget;
            }
        };
    }
}
