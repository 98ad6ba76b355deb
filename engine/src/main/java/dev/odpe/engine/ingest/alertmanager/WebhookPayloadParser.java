package dev.odpe.engine.ingest.alertmanager;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.odpe.engine.http.Problem;
import dev.odpe.engine.ingest.WebhookProblems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Bytes → validated {@link AlertmanagerWebhook}, or a {@link dev.odpe.engine.http.ProblemException}
 * saying exactly what is wrong and where (JSON path, line/column). Validates the whole body, so the
 * caller can rely on every alert being well-formed before it changes any state.
 */
@ApplicationScoped
public class WebhookPayloadParser {

    private final ObjectReader reader;
    private final Validator validator;

    public WebhookPayloadParser(ObjectMapper mapper, Validator validator) {
        this.reader = mapper.readerFor(AlertmanagerWebhook.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.validator = validator;
    }

    public AlertmanagerWebhook parse(byte[] body) {
        if (body.length == 0) {
            throw WebhookProblems.malformedJson(
                    "the request body is empty; expected an Alertmanager webhook JSON object");
        }
        AlertmanagerWebhook payload = read(body);
        if (payload == null) {
            throw WebhookProblems.malformedJson(
                    "the request body is JSON null; expected an Alertmanager webhook JSON object");
        }
        if (!AlertmanagerWebhook.SUPPORTED_VERSION.equals(payload.version())) {
            throw WebhookProblems.unsupportedVersion(
                    payload.version() == null
                            ? "version is missing; this endpoint accepts Alertmanager webhook payload version \"4\""
                            : "version \"" + payload.version()
                                    + "\" is not supported; this endpoint accepts version \"4\"");
        }
        List<Problem.Violation> violations = validator.validate(payload).stream()
                .map(v -> new Problem.Violation(path(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        if (!violations.isEmpty()) {
            throw WebhookProblems.invalidPayload(violations);
        }
        return payload;
    }

    private AlertmanagerWebhook read(byte[] body) {
        try {
            return reader.readValue(body);
        } catch (StreamReadException e) {
            throw WebhookProblems.malformedJson(
                    "invalid JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (DatabindException e) {
            throw invalidValue(e);
        } catch (IOException e) {
            throw WebhookProblems.malformedJson("the request body could not be read as JSON: " + e.getMessage());
        }
    }

    private static RuntimeException invalidValue(DatabindException e) {
        String field = jsonPath(((JsonMappingException) e).getPath());
        String expected = e instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType()) : null;
        if (field.isEmpty()) {
            return WebhookProblems.malformedJson(
                    "the request body must be a JSON object (an Alertmanager webhook payload), " + "problem at "
                            + where(e.getLocation()));
        }
        String message = (expected == null ? "has an invalid value" : "must be " + expected) + " (at "
                + where(e.getLocation()) + ")";
        return WebhookProblems.invalidPayload(List.of(new Problem.Violation(field, message)));
    }

    private static String where(JsonLocation location) {
        return location == null
                ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 timestamp, e.g. \"2026-11-28T04:48:06Z\"";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    /** Jackson's reference chain as {@code alerts[2].startsAt}. */
    static String jsonPath(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                appendName(path, ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A Bean Validation path as {@code alerts[2].startsAt} (container element nodes carry only the index). */
    static String path(Path propertyPath) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                appendName(path, node.getName());
            }
        }
        return path.toString();
    }

    private static void appendName(StringBuilder path, String name) {
        if (!path.isEmpty()) {
            path.append('.');
        }
        path.append(name);
    }
}
