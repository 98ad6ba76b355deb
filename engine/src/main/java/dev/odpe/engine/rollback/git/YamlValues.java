package dev.odpe.engine.rollback.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and sets one scalar in a block-style YAML values file by its dotted key (e.g.
 * {@code model.version}), editing only that line: comments, order and formatting of the rest of a
 * GitOps file stay as people wrote them (a YAML round trip would rewrite the whole file).
 */
final class YamlValues {

    private static final Pattern ENTRY = Pattern.compile("^(\\s*)([A-Za-z0-9_.\\-/\"']+):(\\s*)(.*)$");

    private record Located(int line, String indent, String key, String separator, String value, String comment) {
    }

    private YamlValues() {
    }

    static Optional<String> get(String yaml, String dottedKey) {
        return locate(yaml.split("\n", -1), dottedKey).map(l -> unquote(l.value()));
    }

    /** The file with the key's value replaced (quoting kept); empty if the key is not a scalar in the file. */
    static Optional<String> set(String yaml, String dottedKey, String value) {
        String[] lines = yaml.split("\n", -1);
        Optional<Located> found = locate(lines, dottedKey);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Located l = found.get();
        String quote = l.value().startsWith("\"") ? "\"" : l.value().startsWith("'") ? "'" : "";
        lines[l.line()] = l.indent() + l.key() + ":" + l.separator() + quote + value + quote + l.comment();
        return Optional.of(String.join("\n", lines));
    }

    private static Optional<Located> locate(String[] lines, String dottedKey) {
        String[] path = dottedKey.split("\\.");
        List<Integer> indents = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#") || line.strip().startsWith("-")) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                keys.remove(keys.size() - 1);
            }
            String key = unquote(m.group(2));
            indents.add(indent);
            keys.add(key);
            String rest = m.group(4);
            if (keys.size() == path.length && keys.equals(List.of(path)) && !rest.isBlank()) {
                int hash = commentStart(rest);
                String value = (hash < 0 ? rest : rest.substring(0, hash)).strip();
                String comment = hash < 0 ? "" : rest.substring(value.length()); // the gap and the comment, as written
                return Optional.of(new Located(i, m.group(1), m.group(2), m.group(3), value, comment));
            }
        }
        return Optional.empty();
    }

    /** Start of a trailing {@code # comment} outside quotes, or -1. */
    private static int commentStart(String rest) {
        char quote = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(rest.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String text) {
        String t = text.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
