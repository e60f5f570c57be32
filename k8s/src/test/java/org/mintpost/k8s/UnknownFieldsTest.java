package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A misspelt field in a built-in object (say {@code readinesProbe}) parses without complaint
 * and is silently dropped by a lenient apply. The fabric8 model keeps such fields in
 * {@code additionalProperties}: every typed object must have none, at any depth.
 */
class UnknownFieldsTest {

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void typedObjectsHaveNoUnknownFields(String overlay) {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : Manifests.render(overlay).objects()) {
            if (object instanceof GenericKubernetesResource) {
                continue;
            }
            walk(object, object.getKind() + "/" + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
        }
        assertEquals(List.of(), unknown, overlay + ": fields the Kubernetes model does not know");
    }

    private static void walk(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
                continue;
            }
            walk(value, path + "." + getter.getName().replaceFirst("^(get|is)", ""), unknown, seen);
        }
    }
}
