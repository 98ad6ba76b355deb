package dev.odpe.engine.evaluate.journal;

/**
 * Where journal records go beyond the log, for replay elsewhere (the Kafka inputs topic). Called on
 * the journal's writer thread, in journal order; must not block.
 */
public interface JournalStream {

    /** Publishes one record, already written as its JSON line. */
    void publish(String line);
}
