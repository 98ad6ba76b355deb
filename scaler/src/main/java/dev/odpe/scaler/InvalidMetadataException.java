package dev.odpe.scaler;

/** Trigger metadata that cannot be used; {@link #key()} names the offending key for KEDA's event log. */
public final class InvalidMetadataException extends IllegalArgumentException {

    private final String key;

    /** At most this many characters of a key or value are quoted in a message. */
    public static final int MAX_QUOTED = 64;

    public InvalidMetadataException(String key, String problem) {
        super("scalerMetadata key '" + printable(key) + "': " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * {@code text} safe to quote in a gRPC status description or a log line: control characters as
     * {@code \\uXXXX}, and cut to {@value #MAX_QUOTED} characters with the full length said, so a
     * 100 kB value neither floods the log nor overflows the client's 8 KiB trailer limit.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_QUOTED) {
            out.append("...(").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
