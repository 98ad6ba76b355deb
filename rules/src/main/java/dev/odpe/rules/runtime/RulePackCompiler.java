package dev.odpe.rules.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a {@link RulePack}: from a directory of {@code .drl} files ({@link #compile(Path)}) or the
 * default pack shipped in this jar ({@link #bundled()}). Both end in the same place, so a directory
 * holding the bundled files compiles to the same version.
 */
public final class RulePackCompiler {

    /** Where the default pack lives on the classpath; a jar cannot be listed, so an index names the files. */
    public static final String BUNDLED_PACK_DIR = "dev/odpe/rules/pack/";

    public static final String BUNDLED_INDEX = BUNDLED_PACK_DIR + "index.txt";
    private static final String DRL_SUFFIX = ".drl";

    private RulePackCompiler() {}

    /** Compiles every {@code *.drl} file directly inside {@code dir} (subdirectories are not read). */
    public static RulePack compile(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulePackException(
                    "Rule pack directory " + dir.toAbsolutePath() + " does not exist or is not a directory", List.of());
        }
        List<PackSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(RulePackCompiler::isDrl).toList()) {
                sources.add(new PackSource(file.getFileName().toString(), Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule pack directory " + dir.toAbsolutePath(), e);
        }
        if (sources.isEmpty()) {
            throw new RulePackException(
                    "Rule pack directory " + dir.toAbsolutePath() + " contains no " + DRL_SUFFIX + " files", List.of());
        }
        return DroolsPackBuilder.build(sorted(sources));
    }

    /** The default pack shipped with this module (see rules/README.md for its rules). */
    public static RulePack bundled() {
        List<PackSource> sources = new ArrayList<>();
        for (String name : bundledFileNames()) {
            sources.add(new PackSource(name, readResource(BUNDLED_PACK_DIR + name)));
        }
        if (sources.isEmpty()) {
            throw new RulePackException("Bundled rule pack index " + BUNDLED_INDEX + " lists no files", List.of());
        }
        return DroolsPackBuilder.build(sorted(sources));
    }

    /** The DRL file names listed in the bundled pack's index, in index order. */
    public static List<String> bundledFileNames() {
        String index = new String(readResource(BUNDLED_INDEX), StandardCharsets.UTF_8);
        return index.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static boolean isDrl(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(DRL_SUFFIX);
    }

    private static List<PackSource> sorted(List<PackSource> sources) {
        return sources.stream()
                .sorted(Comparator.comparing(PackSource::fileName))
                .toList();
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = RulePackCompiler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new RulePackException("Bundled rule pack resource " + resource + " is missing", List.of());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
