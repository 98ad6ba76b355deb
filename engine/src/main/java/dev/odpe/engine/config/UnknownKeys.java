package dev.odpe.engine.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds {@code odpe.*} property names that no configuration mapping knows: a typo such as
 * {@code odpe.planer.dry-run} would otherwise be ignored without a word (SmallRye Config checks unknown
 * names only inside a mapping's own prefix). Names come as dotted keys ({@code odpe.planner.dry-run}),
 * in a profile ({@code %dev.odpe.…}) or as environment variables ({@code ODPE_PLANNER_DRY_RUN},
 * {@code _DEV_ODPE_…}). A known key's map key is written {@code *}
 * ({@code odpe.rollback.models.*.application}) and stands for any one segment, quoted or not.
 */
public final class UnknownKeys {

    /** An unknown name and the known key closest to it by edit distance. */
    public record Unknown(String name, String closest) {
        public String message() {
            return name + " (did you mean " + closest + "?)";
        }
    }

    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");
    private static final Pattern ENV_PROFILE = Pattern.compile("^_[A-Z0-9]+_(?=ODPE_)");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]$");

    private record Known(String key, List<String> segments, Pattern env) {
        /** For messages: the map key placeholder as the reference writes it. */
        String shown() {
            return key.replace("*", "<key>");
        }
    }

    private final List<Known> known = new ArrayList<>();

    /** @param knownKeys every key of every mapping, map keys as {@code *} */
    public UnknownKeys(Collection<String> knownKeys) {
        for (String key : knownKeys) {
            List<String> segments = List.of(key.split("\\."));
            StringBuilder env = new StringBuilder();
            for (String segment : segments) {
                env.append(env.length() == 0 ? "" : "_")
                        .append(segment.equals("*") ? ".+" : Pattern.quote(envForm(segment)));
            }
            known.add(new Known(key, segments, Pattern.compile(env.toString())));
        }
    }

    /** Whether {@code name} is an {@code odpe.*} name to check (dotted, profiled or an environment variable). */
    public static boolean isOdpeName(String name) {
        String bare = PROFILE.matcher(name).replaceFirst("");
        boolean environmentVariable = name.toUpperCase(Locale.ROOT).equals(name)
                && ENV_PROFILE.matcher(name).replaceFirst("").startsWith("ODPE_");
        return bare.startsWith("odpe.") || environmentVariable;
    }

    /** The {@code odpe.*} names among {@code names} that no known key matches, in the order given. */
    public List<Unknown> find(Iterable<String> names) {
        List<Unknown> unknown = new ArrayList<>();
        for (String name : names) {
            if (isOdpeName(name) && !matches(name)) {
                unknown.add(new Unknown(name, closest(name)));
            }
        }
        return unknown;
    }

    private boolean matches(String name) {
        String bare = PROFILE.matcher(name).replaceFirst("");
        if (bare.startsWith("odpe.")) {
            Optional<List<String>> segments = segments(INDEX.matcher(bare).replaceFirst(""));
            return segments.isPresent() && known.stream().anyMatch(k -> matches(k.segments(), segments.get()));
        }
        String env = ENV_PROFILE.matcher(name).replaceFirst("");
        return known.stream().anyMatch(k -> k.env().matcher(env).matches());
    }

    private static boolean matches(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (!pattern.get(i).equals("*") && !pattern.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Splits at dots outside double quotes; empty if a quote is not closed or a segment is empty. */
    static Optional<List<String>> segments(String name) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : name.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == '.' && !quoted) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return quoted || segments.stream().anyMatch(String::isEmpty) ? Optional.empty() : Optional.of(segments);
    }

    private String closest(String name) {
        String bare = PROFILE.matcher(name).replaceFirst("");
        boolean env = !bare.startsWith("odpe.");
        String compared = env ? ENV_PROFILE.matcher(name).replaceFirst("") : bare;
        Known best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Known k : known) {
            int distance = distance(compared, env ? envForm(k.key()) : k.key());
            if (distance < bestDistance) {
                best = k;
                bestDistance = distance;
            }
        }
        return best == null ? "none" : env ? envForm(best.shown()) + " (" + best.shown() + ")" : best.shown();
    }

    /** {@code odpe.planner.dry-run} → {@code ODPE_PLANNER_DRY_RUN}, as environment variables name keys. */
    static String envForm(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9*<>]", "_");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
