package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders with kubectl kustomize and parses into real Kubernetes objects. */
class RenderTest {

    /** The custom resources the manifests use, with the API versions of their operators. */
    private static final Map<String, String> CUSTOM_KINDS = Map.of(
            "Kafka", "kafka.strimzi.io/v1beta2",
            "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "Cluster", "postgresql.cnpg.io/v1",
            "ScaledObject", "keda.sh/v1alpha1",
            "ServiceMonitor", "monitoring.coreos.com/v1");

    @Test
    void devAndProdOverlaysExist() {
        List<String> overlays = Manifests.overlays().toList();
        assertTrue(overlays.containsAll(List.of("dev", "prod")), "overlays: " + overlays);
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void rendersIntoTypedObjectsAndCustomResources(String overlay) {
        Rendered rendered = Manifests.render(overlay);

        assertEquals(1, rendered.all(Namespace.class).size(), overlay);
        assertEquals(Manifests.SERVICES.keySet().size(), rendered.all(Deployment.class).size(), overlay);
        assertEquals(1, rendered.all(StatefulSet.class).size(), overlay + ": redis");
        assertFalse(rendered.all(Service.class).isEmpty(), overlay);
        assertFalse(rendered.all(NetworkPolicy.class).isEmpty(), overlay);
        assertEquals(1, rendered.all(HorizontalPodAutoscaler.class).size(), overlay);
        assertEquals(1, rendered.all(Ingress.class).size(), overlay);
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "ScaledObject")) {
            assertFalse(rendered.custom(kind).isEmpty(), overlay + ": no " + kind);
        }
        // A typo in a well-known kind's apiVersion would land here instead of in a typed class.
        for (GenericKubernetesResource generic : rendered.all(GenericKubernetesResource.class)) {
            assertEquals(CUSTOM_KINDS.get(generic.getKind()), generic.getApiVersion(),
                    overlay + ": unexpected untyped object " + generic.getApiVersion() + " " + generic.getKind());
        }
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everythingLivesInTheMintpostNamespaceAndIsLabelled(String overlay) {
        for (HasMetadata object : Manifests.render(overlay).objects()) {
            String id = overlay + ": " + object.getKind() + "/" + object.getMetadata().getName();
            if (object instanceof Namespace) {
                assertEquals(Manifests.NAMESPACE, object.getMetadata().getName(), id);
            } else {
                assertEquals(Manifests.NAMESPACE, object.getMetadata().getNamespace(), id);
            }
            assertEquals("mintpost", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"), id);
            assertEquals(overlay, object.getMetadata().getLabels().get("mintpost.org/environment"), id);
        }
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void noSecretIsRendered(String overlay) {
        assertEquals(List.of(), Manifests.render(overlay).all(Secret.class).stream()
                .map(s -> s.getMetadata().getName()).toList(),
                "secrets are created at install time (docs/kubernetes.md), never committed");
    }

    @Test
    void noKeyMaterialIsCommittedUnderK8s() throws IOException {
        try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
            List<Path> offenders = files
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return text.contains("-----BEGIN") || text.matches("(?s).*\\blm_(team_)?[0-9A-Za-z]{22,40}\\b.*");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
            assertEquals(List.of(), offenders, "key material or tokens committed under k8s/");
        }
    }
}
