package dev.odpe.engine.config;

import io.quarkus.arc.Arc;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappingInterface.Property;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start when a set {@code odpe.*} name (from any source: properties, {@code -D}, environment)
 * is no key of any configuration mapping: a misspelt key would otherwise leave its setting at the
 * default without a word. The message names the key and the closest known one.
 */
@ApplicationScoped
public class UnknownKeysCheck {

    /** Before every other start-up observer (default priority 2500), e.g. the Kafka restore's wait. */
    private static final int FIRST = 100;

    private final Config config;

    public UnknownKeysCheck(Config config) {
        this.config = config;
    }

    void check(@Observes @Priority(FIRST) StartupEvent event) {
        List<Class<?>> mappings = mappings();
        UnknownKeys checker = new UnknownKeys(knownKeys(mappings));
        List<UnknownKeys.Unknown> unknown = checker.find(config.getPropertyNames());
        if (!unknown.isEmpty()) {
            List<String> lines = unknown.stream()
                    .map(u -> u.message() + ", set in "
                            + config.getConfigValue(u.name()).getSourceName())
                    .toList();
            throw new IllegalStateException("Unknown configuration key(s); every odpe.* key is listed in "
                    + "docs/configuration.md:\n  " + String.join("\n  ", lines));
        }
        Log.debugf("Configuration keys checked against %d mappings", mappings.size());
    }

    /** Every {@code odpe.*} key of {@code mappings}, map keys as {@code *} (collections' indexed form left out). */
    public static Collection<String> knownKeys(Collection<Class<?>> mappings) {
        TreeSet<String> keys = new TreeSet<>();
        for (Class<?> type : mappings) {
            String prefix = type.getAnnotation(ConfigMapping.class).prefix();
            Map<String, Property> properties = ConfigMappingInterface.getProperties(
                            ConfigMappingInterface.getConfigurationInterface(type))
                    .get(type)
                    .get("");
            properties.keySet().stream()
                    .filter(path -> !path.endsWith("[*]"))
                    .forEach(path -> keys.add(prefix + "." + path));
        }
        return keys;
    }

    /** The engine's {@code odpe.*} mappings, found as CDI beans: the core names no adapter. */
    public List<Class<?>> mappings() {
        List<Class<?>> found = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            for (Type type : bean.getTypes()) {
                if (type instanceof Class<?> c
                        && c.isInterface()
                        && c.isAnnotationPresent(ConfigMapping.class)
                        && c.getAnnotation(ConfigMapping.class).prefix().startsWith("odpe")
                        && !found.contains(c)) {
                    found.add(c);
                }
            }
        }
        return found;
    }
}
