package dev.odpe.bench.webhook;

import dev.odpe.testsupport.PackagedEngine;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged engine as the benchmarks run it: as {@code scripts/start.sh} starts it (production profile,
 * JSON logs; only the OTLP exporter's complaints about a missing collector are quieted), so they measure
 * what ships, with its console read by a {@link DecisionTap}.
 */
public final class BenchEngine {

    private BenchEngine() {}

    /** Starts the engine at {@code jar}; audit lines go to {@code tap}, every other line to {@code otherLines}. */
    public static PackagedEngine start(Path jar, List<String> jvmOptions, DecisionTap tap, OutputStream otherLines) {
        List<String> options = new ArrayList<>(
                List.of("-Dquarkus.log.category.\"io.quarkus.opentelemetry.runtime.exporter.otlp\".level=ERROR"));
        options.addAll(jvmOptions);
        return PackagedEngine.launch(jar)
                .jvmOptions(options)
                .console(console -> tap.start(console, otherLines))
                .start();
    }
}
