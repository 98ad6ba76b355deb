package dev.odpe.bench.kafka;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * The benchmark's drift events: ODPE's own structured CloudEvent ({@code dev.odpe.drift}), one distinct
 * model per event so each one is new to dedupe, has its own cooldown key and becomes exactly one
 * {@code Notify} decision of the default pack (rule drift-notifies-model-owners: score ≥ threshold is a
 * drift). The decision's Kafka key is its target, {@code model:<namespace>/<model>}, which names the
 * event back: no need to parse the decision's body on the load generator's CPU.
 */
public final class DriftEventJson {

    static final String NAMESPACE = "bench-kafka";
    private static final String MODEL_PREFIX = "m-";
    private static final String TARGET_PREFIX = "model:" + NAMESPACE + "/" + MODEL_PREFIX;

    private DriftEventJson() {}

    /** The model (also the record key) of event {@code seq}. */
    public static String model(long seq) {
        return MODEL_PREFIX + seq;
    }

    /** Event {@code seq}, its due time stamped as both the CloudEvent {@code time} and {@code data.time}. */
    public static String event(String run, long seq, Instant due) {
        String time = due.toString();
        return "{\"specversion\":\"1.0\",\"type\":\"dev.odpe.drift\",\"source\":\"urn:bench:kafka:" + run
                + "\",\"id\":\"" + seq + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"namespace\":\"" + NAMESPACE + "\",\"model\":\"" + model(seq) + "\",\"version\":\"1\","
                + "\"feature\":\"input_length\",\"score\":0.5,\"threshold\":0.2,\"detector\":\"psi\",\"time\":\""
                + time + "\"}}";
    }

    /** The event a decision key ({@code model:bench-kafka/m-42}) answers, or empty for any other target. */
    public static OptionalLong seqOfDecisionKey(String key) {
        if (key == null || !key.startsWith(TARGET_PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(key.substring(TARGET_PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
