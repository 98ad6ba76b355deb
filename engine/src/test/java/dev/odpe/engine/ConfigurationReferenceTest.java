package dev.odpe.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappingInterface.Property;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists exactly the {@code odpe.*} keys of the engine's {@code @ConfigMapping}
 * interfaces, with their defaults.
 *
 * <p>The interfaces are discovered, not named: every class file under {@code target/classes/dev/odpe/engine}
 * that mentions {@link ConfigMapping} is loaded, and its properties (nested groups, maps, {@code @WithDefault})
 * are enumerated by SmallRye Config itself. A key's default is its {@code @WithDefault}, unless the engine's
 * own {@code application.properties} sets it (outside any profile), which then wins, as it does at run time.
 *
 * <p>In the document, a key is a table row whose first cell is the key in backticks; map keys are written
 * with a placeholder ({@code odpe.planner.cooldown-by-type.<type>},
 * {@code odpe.rollback.models."<ns>/<model>".application}); the third cell is the default in backticks, or
 * anything without backticks (e.g. —) when there is none.
 */
class ConfigurationReferenceTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path ENGINE_PACKAGES = CLASSES.resolve(Path.of("dev", "odpe", "engine"));
    private static final Path PROPERTIES = CLASSES.resolve("application.properties");
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    /** The annotation's descriptor as it appears in the constant pool of an annotated class file. */
    private static final byte[] CONFIG_MAPPING_DESCRIPTOR =
            ("L" + ConfigMapping.class.getName().replace('.', '/') + ";").getBytes(StandardCharsets.US_ASCII);

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(odpe\\.[^`]+)`\\s*\\|.*");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");
    /** {@code "<ns>/<model>"} or {@code <type>} in a documented key stands for any map key. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\"<[^\"]*>\"|<[^>]*>");

    /** Sentinel for "no default". */
    private static final String NONE = "(none)";

    @Test
    void everyKeyAndDefaultIsDocumented() throws IOException {
        Map<String, String> code = keysInCode();
        Map<String, String> doc = keysInDoc();
        assertFalse(code.isEmpty(), "no @ConfigMapping interface found under " + ENGINE_PACKAGES.toAbsolutePath());

        List<String> problems = new ArrayList<>();
        code.forEach((key, dflt) -> {
            if (!doc.containsKey(key)) {
                problems.add("missing from docs/configuration.md: " + key + " (default " + dflt + ")");
            } else if (!dflt.equals(doc.get(key))) {
                problems.add(
                        "default of " + key + " differs: code " + dflt + ", docs/configuration.md " + doc.get(key));
            }
        });
        doc.keySet().stream()
                .filter(key -> !code.containsKey(key))
                .forEach(key -> problems.add("in docs/configuration.md but in no @ConfigMapping interface: " + key));
        if (!problems.isEmpty()) {
            fail(problems.size() + " difference(s) between the config interfaces and docs/configuration.md"
                    + " (map keys appear as *):\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void mapKeysAreDiscoveredWithAPlaceholder() throws IOException {
        // Guards the discovery itself: a map of groups and a map of leaves both come out as "*".
        Map<String, String> code = keysInCode();
        assertTrue(code.keySet().stream().anyMatch(k -> k.matches("odpe\\.[a-z.-]+\\.\\*")), code::toString);
        assertTrue(code.keySet().stream().anyMatch(k -> k.matches("odpe\\.[a-z.-]+\\.\\*\\.[a-z-]+")), code::toString);
    }

    /** Key (map keys as {@code *}) → default, from every {@code @ConfigMapping} interface of the engine. */
    private static Map<String, String> keysInCode() throws IOException {
        Properties overrides = engineProperties();
        Map<String, String> keys = new TreeMap<>();
        for (Class<?> type : configMappings()) {
            String prefix = type.getAnnotation(ConfigMapping.class).prefix();
            ConfigMappingInterface mapping = ConfigMappingInterface.getConfigurationInterface(type);
            Map<String, Property> properties =
                    ConfigMappingInterface.getProperties(mapping).get(type).get("");
            properties.forEach((path, property) -> {
                if (path.endsWith("[*]")) {
                    return; // the indexed form of a collection; the collection itself is listed
                }
                String key = prefix + "." + path;
                String dflt = property.hasDefaultValue() ? property.getDefaultValue() : NONE;
                keys.put(key, overrides.getProperty(key, dflt));
            });
        }
        return keys;
    }

    static List<Class<?>> configMappings() throws IOException {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ENGINE_PACKAGES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                if (!mentionsConfigMapping(Files.readAllBytes(file))) {
                    continue;
                }
                String name = CLASSES.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                Class<?> type;
                try {
                    type = Class.forName(name, false, ConfigurationReferenceTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("cannot load " + name + ", which mentions @ConfigMapping", e);
                }
                if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    private static boolean mentionsConfigMapping(byte[] classFile) {
        outer:
        for (int i = 0; i <= classFile.length - CONFIG_MAPPING_DESCRIPTOR.length; i++) {
            for (int j = 0; j < CONFIG_MAPPING_DESCRIPTOR.length; j++) {
                if (classFile[i + j] != CONFIG_MAPPING_DESCRIPTOR[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The engine's own odpe.* settings outside any profile: they are the defaults a deployment starts from. */
    private static Properties engineProperties() throws IOException {
        Properties all = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            all.load(in);
        }
        Properties odpe = new Properties();
        all.stringPropertyNames().stream()
                .filter(k -> k.startsWith("odpe."))
                .forEach(k -> odpe.setProperty(k, all.getProperty(k)));
        return odpe;
    }

    /** Key (placeholders as {@code *}) → default, from the tables of docs/configuration.md. */
    private static Map<String, String> keysInDoc() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String key = PLACEHOLDER.matcher(row.group(1)).replaceAll("*");
            String[] cells = line.split("\\|");
            // cells[0] is empty (before the first pipe), [1] key, [2] type, [3] default, [4] meaning
            String dflt = cells.length > 3 ? firstBackticked(cells[3]).orElse(NONE) : NONE;
            if (keys.put(key, dflt) != null) {
                duplicates.add(key);
            }
        }
        assertTrue(duplicates.isEmpty(), "keys listed twice in docs/configuration.md: " + duplicates);
        return keys;
    }

    private static Optional<String> firstBackticked(String cell) {
        Matcher m = BACKTICKED.matcher(cell);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
