package dev.odpe.scaler;

/** Trigger metadata that cannot be used; {@link #key()} names the offending key for KEDA's event log. */
public final class InvalidMetadataException extends IllegalArgumentException {

    private final String key;

    public InvalidMetadataException(String key, String problem) {
        super("scalerMetadata key '" + key + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
