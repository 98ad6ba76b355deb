package dev.odpe.engine.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.http.ProblemException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Fuzzes the Alertmanager webhook's parser and mapper together: any body is either a payload whose every
 * alert maps (to a fact or a reasoned "ignored"), or a 4xx {@link ProblemException}; nothing else may escape.
 * Seeds: examples/alertmanager-*.json in {@code AlertmanagerPayloadFuzzTestInputs/}; docs/fuzzing.md.
 */
class AlertmanagerPayloadFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();
    private static final WebhookPayloadParser PARSER = new WebhookPayloadParser(JSON, VALIDATOR);
    private static final AlertmanagerAlertMapper MAPPER = new AlertmanagerAlertMapper();

    @FuzzTest(maxDuration = "30s")
    void aBodyMapsOrIsRefusedWithAProblem(byte[] body) {
        AlertmanagerWebhook payload;
        try {
            payload = PARSER.parse(body);
        } catch (ProblemException refused) {
            assertThat(refused.problem().status()).isBetween(400, 499);
            assertThat(refused.problem().detail()).isNotBlank();
            return;
        }
        assertThat(MAPPER.map(payload)).hasSameSizeAs(payload.alerts());
    }
}
