package dev.odpe.engine.adapter.rollback.git;

import dev.odpe.engine.adapter.rollback.strategy.ValuesPin;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and sets one scalar in a YAML values file, addressed by a dotted key of nested mappings
 * ({@code model.version} → {@code model:} then {@code version:} indented under it). Line-based on
 * purpose: a GitOps diff must touch exactly one line, keeping comments, order, quoting and layout
 * (a YAML library would re-serialise the whole file). Block scalars, flow mappings and keys that
 * contain dots are not supported; such a key is reported as not found.
 */
final class YamlScalar {

    /** Where the value of the key sits on its line. */
    private record Found(int line, int valueStart, int valueEnd, String value) {}

    private final String key;
    private final String[] segments;

    YamlScalar(String dottedKey) {
        ValuesPin.requireDottedKey(dottedKey);
        this.key = dottedKey;
        this.segments = dottedKey.split("\\.");
    }

    /** The scalar's value (unquoted), or empty when the file does not have the key as a scalar. */
    Optional<String> read(String yaml) {
        return find(yaml.split("\n", -1)).map(Found::value);
    }

    /**
     * The file with the key's value replaced by {@code value}, everything else unchanged; the old
     * value's quoting is kept. Empty when the file does not have the key as a scalar.
     */
    Optional<String> set(String yaml, String value) {
        String[] lines = yaml.split("\n", -1);
        Optional<Found> found = find(lines);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Found at = found.get();
        String line = lines[at.line()];
        String old = line.substring(at.valueStart(), at.valueEnd());
        char quote = old.isEmpty() ? 0 : old.charAt(0);
        String replacement = quote == '"' || quote == '\'' ? quote + value + quote : value;
        lines[at.line()] = line.substring(0, at.valueStart()) + replacement + line.substring(at.valueEnd());
        return Optional.of(String.join("\n", lines));
    }

    private Optional<Found> find(String[] lines) {
        int start = 0;
        int end = lines.length;
        int parentIndent = -1;
        for (int s = 0; s < segments.length; s++) {
            Pattern keyLine = Pattern.compile("^( *)([\"']?)" + Pattern.quote(segments[s]) + "\\2 *:(?: +|$)(.*)$");
            int childIndent = -1;
            int match = -1;
            Matcher matcher = null;
            for (int i = start; i < end; i++) {
                if (isBlankOrComment(lines[i])) {
                    continue;
                }
                int indent = indentOf(lines[i]);
                if (indent <= parentIndent) {
                    end = i; // the parent's block ended
                    break;
                }
                childIndent = childIndent < 0 ? indent : childIndent;
                Matcher m = keyLine.matcher(lines[i]);
                if (indent == childIndent && m.matches()) {
                    match = i;
                    matcher = m;
                    break;
                }
            }
            if (match < 0) {
                return Optional.empty();
            }
            if (s == segments.length - 1) {
                return scalar(lines[match], match, matcher.start(3));
            }
            start = match + 1;
            parentIndent = childIndent;
        }
        return Optional.empty();
    }

    private static Optional<Found> scalar(String line, int lineNo, int from) {
        int end = line.length();
        String rest = line.substring(from);
        if (rest.isEmpty() || rest.startsWith("#")) {
            return Optional.empty(); // a nested mapping or an empty value, not a scalar
        }
        char first = rest.charAt(0);
        if (first == '"' || first == '\'') {
            int close = line.indexOf(first, from + 1);
            if (close < 0) {
                return Optional.empty();
            }
            return Optional.of(new Found(lineNo, from, close + 1, line.substring(from + 1, close)));
        }
        if (first == '|' || first == '>' || first == '{' || first == '[' || first == '&' || first == '*') {
            return Optional.empty();
        }
        int comment = line.indexOf(" #", from);
        if (comment >= 0) {
            end = comment;
        }
        String value = line.substring(from, end).stripTrailing();
        return Optional.of(new Found(lineNo, from, from + value.length(), value));
    }

    private static boolean isBlankOrComment(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.equals("---");
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        return key;
    }
}
