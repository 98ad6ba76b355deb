package dev.odpe.bench.kafka;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Committed lag of a consumer group, as {@code kafka-consumer-groups --describe} shows it: per partition,
 * end offset minus committed offset; a partition with nothing committed yet lags by its whole end offset
 * (the engine reads from the earliest record). Committed lag trails what the engine has processed by up
 * to one commit interval: the engine commits with SmallRye's throttled strategy (every 5 s by default).
 */
public final class ConsumerLag {

    private ConsumerLag() {}

    public static long total(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, Long> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            long done = committed.getOrDefault(end.getKey(), 0L);
            lag += Math.max(0, end.getValue() - done);
        }
        return lag;
    }
}
