package dev.odpe.rules.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.rules.fact.Signal;
import java.io.IOException;
import java.util.Arrays;

/**
 * The one JSON dialect of scenarios: strict (unknown fields and missing required fields fail),
 * ISO-8601 instants and durations, {@link Signal} written as its label ({@code gpu-saturation}).
 */
public final class ScenarioJson {

    private ScenarioJson() {}

    public static ObjectMapper mapper() {
        SimpleModule signals = new SimpleModule("odpe-signal-labels");
        signals.addSerializer(Signal.class, new JsonSerializer<>() {
            @Override
            public void serialize(Signal value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.label());
            }
        });
        signals.addDeserializer(Signal.class, new JsonDeserializer<>() {
            @Override
            public Signal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String label = p.getValueAsString();
                return Signal.fromLabel(label)
                        .orElseThrow(() -> ctxt.weirdStringException(
                                label,
                                Signal.class,
                                "not a signal label; expected one of "
                                        + Arrays.stream(Signal.values())
                                                .map(Signal::label)
                                                .toList()));
            }
        });
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(signals)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
