package org.mintpost.testing;

import java.lang.reflect.Proxy;
import java.util.function.Function;

/**
 * A {@code @ConfigMapping} interface answered by name, for a unit under test built without Quarkus: each
 * method returns {@code answers.apply(methodName)}; a key the test did not expect should throw.
 */
public final class ConfigProxy {

    private ConfigProxy() {
    }

    public static <T> T of(Class<T> type, Function<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> answers.apply(method.getName())));
    }
}
