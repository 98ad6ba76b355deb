package dev.odpe.engine.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a {@code @ConfigMapping} interface from method-name → value pairs, for plain unit tests.
 * A proxy rather than an implementing class: a class in the test sources that inherits the mapping's
 * validation annotations is rejected by ArC when Quarkus tests build the application.
 */
public final class ConfigStub {

    private ConfigStub() {}

    public static <T> T of(Class<T> mapping, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(
                mapping.getClassLoader(),
                new Class<?>[] {mapping},
                (self, method, args) -> answer(self, method, args, values));
        return mapping.cast(proxy);
    }

    private static Object answer(Object self, Method method, Object[] args, Map<String, Object> values)
            throws Throwable {
        if (values.containsKey(method.getName())) {
            return values.get(method.getName());
        }
        if (method.isDefault()) {
            return java.lang.reflect.InvocationHandler.invokeDefault(self, method, args);
        }
        if (method.getName().equals("toString")) {
            return "ConfigStub" + values;
        }
        throw new UnsupportedOperationException("no stub value for " + method.getName());
    }
}
