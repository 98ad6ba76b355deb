package dev.odpe.engine.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CauseTest {

    @Test
    void oneFiringReadFromAlertmanagersApiIsTheSameCauseAsFromItsWebhook() {
        // Given a firing as the webhook sends it (nanoseconds) and as GET /api/v2/alerts answers (milliseconds)
        Cause fromWebhook = new Cause("09758e78140c9e8d", Instant.parse("2026-12-03T12:28:44.123456789Z"), "A");
        Cause fromApi = new Cause("09758e78140c9e8d", Instant.parse("2026-12-03T12:28:44.123Z"), "A");

        // When their identities are compared
        // Then they are one cause
        assertThat(fromApi.id()).isEqualTo(fromWebhook.id()).isEqualTo("09758e78140c9e8d@2026-12-03T12:28:44.123Z");
    }

    @Test
    void aReFireAMillisecondLaterIsAnotherCause() {
        // Given two firings of one label set a millisecond apart
        Cause first = new Cause("09758e78140c9e8d", Instant.parse("2026-12-03T12:28:44.123Z"), "A");
        Cause again = new Cause("09758e78140c9e8d", Instant.parse("2026-12-03T12:28:44.124Z"), "A");

        // When their identities are compared
        // Then they are two causes
        assertThat(again.id()).isNotEqualTo(first.id());
    }
}
