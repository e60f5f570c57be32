package org.mintpost.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders an overlay with the real {@code kubectl kustomize} and parses every object with the
 * fabric8 Kubernetes model. Kinds the model knows (Deployment, Service, NetworkPolicy, ...) come
 * back typed; custom resources (Strimzi, CloudNativePG, KEDA, Prometheus Operator) come back as
 * {@code GenericKubernetesResource}.
 */
public final class Manifests {

    /** The four services, their HTTP ports (docs/internals.md) and image names. */
    public static final Map<String, Integer> SERVICES = Map.of(
            "send-gateway", 8080,
            "token-service", 8081,
            "dispatch-worker", 8082,
            "audit-service", 8083,
            "webhook-service", 8084);

    public static final String NAMESPACE = "mintpost";

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** The k8s/ folder: the module's base directory, where Maven runs the tests. */
    public static Path k8sDir() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("overlays"))) {
            dir = dir.resolve("k8s");
        }
        if (!Files.isDirectory(dir.resolve("overlays"))) {
            throw new IllegalStateException("cannot find k8s/overlays from " + dir);
        }
        return dir;
    }

    /** The repository root (parent of k8s/), where the services' sources live. */
    public static Path repoRoot() {
        return k8sDir().getParent();
    }

    /** Every overlay under k8s/overlays: a new overlay is tested without touching the tests. */
    public static Stream<String> overlays() {
        try (Stream<Path> children = Files.list(k8sDir().resolve("overlays"))) {
            List<String> names = children
                    .filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no overlay under " + k8sDir().resolve("overlays"));
            }
            return names.stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Rendered render(String overlay) {
        return CACHE.computeIfAbsent(overlay, Manifests::renderNow);
    }

    /** Runs kubectl kustomize; the raw YAML is also what a human would apply. */
    static String kustomize(Path dir) {
        Path kubectl = kubectl();
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(errors.toFile())
                    .start();
            String yaml;
            try (InputStream out = process.getInputStream()) {
                yaml = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
            }
            String err = Files.readString(errors);
            Files.deleteIfExists(errors);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            return yaml;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + kubectl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code $KUBECTL}, else kubectl on the PATH, else /usr/bin/kubectl; a clear failure if none. */
    static Path kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        if (fromEnv != null && !fromEnv.isBlank() && Files.isExecutable(Path.of(fromEnv))) {
            return Path.of(fromEnv);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "kubectl"))) {
                return Path.of(entry, "kubectl");
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            return Path.of("/usr/bin/kubectl");
        }
        throw new IllegalStateException("kubectl not found (looked at $KUBECTL, the PATH and /usr/bin/kubectl):"
                + " the manifest tests render the overlays with `kubectl kustomize`; install kubectl"
                + " (it has kustomize built in) or set KUBECTL to its path");
    }

    /** k8s/monitoring (alerts, dashboard, the OpenTelemetry Collector), applied beside an overlay. */
    public static Rendered monitoring() {
        return CACHE.computeIfAbsent("../monitoring", Manifests::renderNow);
    }

    private static Rendered renderNow(String overlay) {
        Path dir = k8sDir().resolve("overlays").resolve(overlay).normalize();
        String yaml = kustomize(dir);
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(doc);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException("not a Kubernetes object in " + overlay + ": " + doc);
            }
            objects.add(object);
        }
        return new Rendered(overlay, yaml, objects);
    }
}
