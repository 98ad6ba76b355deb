package dev.odpe.engine.ingest.drift;

/** A CloudEvent that cannot become a drift fact; the message says which field and why. */
public class InvalidDriftEvent extends Exception {

    public InvalidDriftEvent(String message) {
        super(message);
    }
}
