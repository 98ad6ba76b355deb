package dev.odpe.engine.adapter.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drift records as a detector would produce them with a plain Kafka producer: the repository's
 * {@code examples/drift-*} CloudEvents in structured mode, or in binary mode with {@code ce_*} headers.
 */
final class DriftRecords implements AutoCloseable {

    private static final Path EXAMPLES = Path.of("..", "examples");

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    DriftRecords(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
    }

    /** A whole CloudEvent as the value, {@code content-type: application/cloudevents+json}. */
    void structured(String key, String cloudEventJson) {
        send(key, structuredHeaders(), bytes(cloudEventJson));
    }

    /** As {@link #structured}, returning where the record landed. */
    RecordMetadata structuredAt(String key, String cloudEventJson) {
        return send(key, structuredHeaders(), bytes(cloudEventJson));
    }

    /** Structured events under one key (so one partition), all sent before any is awaited: a burst. */
    void burst(String key, List<String> cloudEventsJson) {
        List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        for (String event : cloudEventsJson) {
            sent.add(producer.send(new ProducerRecord<>(topic, null, key, bytes(event), structuredHeaders())));
        }
        producer.flush();
        for (var each : sent) {
            try {
                each.get();
            } catch (Exception e) {
                throw new IllegalStateException("could not produce to " + topic, e);
            }
        }
    }

    /** Binary mode: attributes in {@code ce_*} headers, the data as the value. */
    void binary(String key, Map<String, String> attributes, String data) {
        RecordHeaders headers = new RecordHeaders();
        attributes.forEach((name, value) -> headers.add(name, bytes(value)));
        send(key, headers, bytes(data));
    }

    /** Anything at all, e.g. a record no detector would send. */
    void raw(String key, String value) {
        send(key, new RecordHeaders(), bytes(value));
    }

    /** ODPE's own drift event, structured mode. */
    static String odpe(String id, String model, String version, double score) {
        return """
                {"specversion":"1.0","type":"dev.odpe.drift","source":"urn:test:detector","id":"%s",
                 "time":"2026-11-28T04:50:00Z","datacontenttype":"application/json",
                 "data":{"namespace":"ml-serving","model":"%s","version":"%s","feature":"input_length",
                         "score":%s,"threshold":0.2,"detector":"psi","time":"2026-11-28T04:50:00Z"}}
                """.formatted(id, model, version, score);
    }

    static String example(String name) {
        try {
            return Files.readString(EXAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("example " + name + " must exist in examples/", e);
        }
    }

    /** The example's HTTP binary headers ({@code ce-id: ...}) as Kafka binary headers ({@code ce_id}). */
    static Map<String, String> kafkaHeaders(String headersFile, Map<String, String> overrides) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String line : example(headersFile).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                headers.put(
                        name.startsWith("ce-") ? "ce_" + name.substring(3) : name,
                        line.substring(colon + 1).trim());
            }
        }
        headers.putAll(overrides);
        return headers;
    }

    private RecordMetadata send(String key, RecordHeaders headers, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    private static RecordHeaders structuredHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", bytes("application/cloudevents+json"));
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
