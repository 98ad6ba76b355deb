package dev.odpe.rules.gate;

import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.rules.runtime.RulePackException;
import dev.odpe.rules.scenario.ScenarioResult;
import dev.odpe.rules.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The test gate a rule pack passes before it may run: it compiles; every event type declares
 * {@code @expires} ({@link ExpiresLint}); and every golden scenario stored with it passes. The engine
 * runs it on each new Git commit or changed rules directory, and a rules repository's CI can run the
 * same checks (plain Java + Drools, no engine needed).
 *
 * <p>Layout: the {@code .drl} files directly in the pack directory; scenarios in its {@code scenarios/}
 * folder, one sub-folder each, in the format of {@link ScenarioRunner} (see rules/README.md).
 */
public final class PackGate {

    /** The folder next to the {@code .drl} files that holds the pack's golden scenarios. */
    public static final String SCENARIOS_DIR = "scenarios";

    private static final String DRL_SUFFIX = ".drl";

    private PackGate() {}

    /** Gates the pack in {@code packDir} with the scenarios in {@code packDir/scenarios} (none when absent). */
    public static GateResult check(Path packDir) {
        Path scenarios = packDir.resolve(SCENARIOS_DIR);
        return check(packDir, Files.isDirectory(scenarios) ? Optional.of(scenarios) : Optional.empty());
    }

    /** Gates the pack in {@code packDir} with the scenario folders under {@code scenarios}, if any. */
    public static GateResult check(Path packDir, Optional<Path> scenarios) {
        List<CompileProblem> problems = new ArrayList<>();
        Optional<RulePack> pack = compile(() -> RulePackCompiler.compile(packDir), problems);
        if (Files.isDirectory(packDir)) {
            for (Path file : drlFiles(packDir)) {
                problems.addAll(ExpiresLint.check(file.getFileName().toString(), read(file)));
            }
        }
        if (pack.isEmpty()) {
            return new GateResult(pack, problems, List.of(), 0);
        }
        List<Path> folders = scenarios.map(ScenarioRunner::scenarioFolders).orElse(List.of());
        ScenarioRunner runner = new ScenarioRunner(pack.get());
        List<ScenarioResult> failed = new ArrayList<>();
        for (Path folder : folders) {
            ScenarioResult result = runner.run(folder);
            if (!result.passed()) {
                failed.add(result);
            }
        }
        return new GateResult(pack, problems, failed, folders.size());
    }

    /** Gates the pack bundled with this module: compile and lint (its scenarios run in this module's build). */
    public static GateResult checkBundled() {
        List<CompileProblem> problems = new ArrayList<>();
        Optional<RulePack> pack = compile(RulePackCompiler::bundled, problems);
        for (String name : RulePackCompiler.bundledFileNames()) {
            problems.addAll(ExpiresLint.check(name, bundledSource(name)));
        }
        return new GateResult(pack, problems, List.of(), 0);
    }

    private interface Compilation {
        RulePack run();
    }

    private static Optional<RulePack> compile(Compilation compilation, List<CompileProblem> problems) {
        try {
            return Optional.of(compilation.run());
        } catch (RulePackException e) {
            if (e.problems().isEmpty()) {
                problems.add(new CompileProblem("", 0, e.getMessage()));
            } else {
                problems.addAll(e.problems());
            }
            return Optional.empty();
        }
    }

    private static List<Path> drlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f)
                            && f.getFileName().toString().endsWith(DRL_SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.toAbsolutePath(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    private static String bundledSource(String name) {
        String resource = RulePackCompiler.BUNDLED_PACK_DIR + name;
        try (InputStream in = PackGate.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
