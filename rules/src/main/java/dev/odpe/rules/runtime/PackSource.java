package dev.odpe.rules.runtime;

import java.util.Objects;

/** One DRL file of a pack: its file name (no directories) and its bytes. */
record PackSource(String fileName, byte[] content) {

    PackSource {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }
}
