package org.mintpost.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** One rendered overlay: the parsed objects plus look-ups the tests share. */
public record Rendered(String overlay, String yaml, List<HasMetadata> objects) {

    /** What a {@code $(VAR)} that names a Secret-backed variable expands to in these tests. */
    public static final String SECRET_PLACEHOLDER = "secretvalue";

    private static final Pattern DEPENDENT_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    public <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                overlay + ": no " + type.getSimpleName() + " named " + name));
    }

    /** Custom resources (parsed as generic objects) of one kind. */
    public List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    public GenericKubernetesResource custom(String kind, String name) {
        return custom(kind).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    public Deployment deployment(String name) {
        return one(Deployment.class, name);
    }

    /** Deployments and StatefulSets with their pod templates, by name. */
    public Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(),
                s.getSpec().getTemplate()));
        return templates;
    }

    public Container container(String deployment) {
        List<Container> containers = deployment(deployment).getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> deployment.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": " + deployment + " has no container of that name"));
    }

    /** Where a container's environment variable comes from. */
    public record EnvSource(String value, String secret, String secretKey, boolean optional) {

        boolean isSecret() {
            return secret != null;
        }

        @Override
        public String toString() {
            return isSecret() ? "secret " + secret + "/" + secretKey : "\"" + value + "\"";
        }
    }

    /**
     * The environment the container really gets: envFrom ConfigMaps first (resolved from the
     * rendered ConfigMaps), then env entries, with Kubernetes' {@code $(VAR)} expansion.
     */
    public Map<String, EnvSource> environment(Container container) {
        Map<String, EnvSource> env = new LinkedHashMap<>();
        for (EnvFromSource from : nullToEmpty(container.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap map = one(ConfigMap.class, from.getConfigMapRef().getName());
                map.getData().forEach((k, v) -> env.put(k, new EnvSource(v, null, null, false)));
            } else {
                throw new AssertionError(overlay + ": envFrom other than a ConfigMap in " + container.getName()
                        + " hides which keys it provides; use env with secretKeyRef");
            }
        }
        for (EnvVar var : nullToEmpty(container.getEnv())) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), new EnvSource(expand(var.getValue(), env), null, null, false));
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                env.put(var.getName(), new EnvSource(null, ref.getName(), ref.getKey(),
                        Boolean.TRUE.equals(ref.getOptional())));
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                String value = one(ConfigMap.class, ref.getName()).getData().get(ref.getKey());
                env.put(var.getName(), new EnvSource(value, null, null, false));
            } else {
                env.put(var.getName(), new EnvSource("<field>", null, null, false));
            }
        }
        return env;
    }

    private static String expand(String value, Map<String, EnvSource> defined) {
        if (value == null) {
            return "";
        }
        Matcher m = DEPENDENT_VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            EnvSource source = defined.get(m.group(1));
            String replacement = source == null ? m.group() : source.isSecret() ? SECRET_PLACEHOLDER : source.value();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Navigates the maps and lists of a custom resource: {@code at(r, "spec", "triggers", "0", "type")}. */
    public static Object at(GenericKubernetesResource resource, String... path) {
        Object node = resource.getAdditionalProperties();
        for (String step : path) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(step);
            } else if (node instanceof List<?> list) {
                int index = Integer.parseInt(step);
                node = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    public static String text(GenericKubernetesResource resource, String... path) {
        Object value = at(resource, path);
        return value == null ? null : value.toString();
    }

    public static int number(GenericKubernetesResource resource, String... path) {
        Object value = at(resource, path);
        if (value == null) {
            throw new AssertionError(resource.getKind() + "/" + resource.getMetadata().getName()
                    + " has no " + String.join(".", path));
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(GenericKubernetesResource resource, String... path) {
        Object value = at(resource, path);
        return value instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    }

    static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
