package dev.odpe.rules.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The arguments after the command: positional ones and {@code --name value} options, checked against a list. */
final class Args {

    private final String command;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags;

    private Args(String command, Set<String> flags) {
        this.command = command;
        this.flags = flags;
    }

    /**
     * @param valued  option names that take a value
     * @param flags   option names that take none
     */
    static Args parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
        Args parsed = new Args(command, flags);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name) && value == null) {
                parsed.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException(command + ": --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (parsed.options.put(name, value) != null) {
                    throw new UsageException(command + ": --" + name + " given twice");
                }
            } else {
                throw new UsageException(command + ": unknown option --" + name);
            }
        }
        return parsed;
    }

    List<String> positional() {
        return positional;
    }

    /** The only positional argument, named {@code what} in the error when it is missing or repeated. */
    String single(String what) {
        if (positional.size() != 1) {
            throw new UsageException(command + ": expected one " + what + ", got "
                    + (positional.isEmpty() ? "none" : String.join(" ", positional)));
        }
        return positional.get(0);
    }

    void noPositional() {
        if (!positional.isEmpty()) {
            throw new UsageException(command + ": unexpected argument " + positional.get(0));
        }
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException(command + ": --" + name + " is required"));
    }

    boolean flag(String name) {
        return flags.contains(name) && options.containsKey(name);
    }

    /** A directory that must exist. */
    Path directory(String what, String value) {
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(command + ": " + what + " " + value + " is not a directory");
        }
        return dir;
    }

    /** A regular file that must exist. */
    Path file(String what, String value) {
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(command + ": " + what + " " + value + " is not a file");
        }
        return file;
    }
}
