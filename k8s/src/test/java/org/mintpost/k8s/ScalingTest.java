package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mintpost.contracts.Topics;

/** The gateway scales on CPU, the workers on consumer lag, within what the partitions allow. */
class ScalingTest {

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void scaledObjectScalesTheWorkersOnTheDispatchGroupLag(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        List<GenericKubernetesResource> scaled = rendered.custom("ScaledObject");
        assertEquals(1, scaled.size(), overlay);
        GenericKubernetesResource so = scaled.get(0);
        assertEquals("Deployment", Rendered.text(so, "spec", "scaleTargetRef", "kind"), overlay);
        String target = Rendered.text(so, "spec", "scaleTargetRef", "name");
        assertEquals("dispatch-worker", target, overlay);
        Deployment worker = rendered.deployment(target);
        assertNull(worker.getSpec().getReplicas(), overlay + ": KEDA owns the worker count; replicas would fight it");

        List<Object> triggers = Rendered.list(so, "spec", "triggers");
        assertEquals(1, triggers.size(), overlay);
        assertEquals("kafka", Rendered.text(so, "spec", "triggers", "0", "type"), overlay);
        assertEquals(Topics.DISPATCH_GROUP, Rendered.text(so, "spec", "triggers", "0", "metadata", "consumerGroup"),
                overlay + ": consumer group of contracts' Topics");
        assertEquals(Topics.SEND_JOBS, Rendered.text(so, "spec", "triggers", "0", "metadata", "topic"),
                overlay + ": topic of contracts' Topics");
        assertTrue(Integer.parseInt(Rendered.text(so, "spec", "triggers", "0", "metadata", "lagThreshold")) > 0,
                overlay + ": lagThreshold");

        // KEDA runs in its own namespace: the bootstrap address must be fully qualified.
        GenericKubernetesResource kafka = rendered.custom("Kafka").get(0);
        URI bootstrap = URI.create("kafka://" + Rendered.text(so, "spec", "triggers", "0", "metadata", "bootstrapServers"));
        assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap." + Manifests.NAMESPACE + ".svc",
                bootstrap.getHost(), overlay);
        assertEquals(KafkaTopicsTest.plainListenerPort(kafka), bootstrap.getPort(), overlay);

        int min = Rendered.number(so, "spec", "minReplicaCount");
        int max = Rendered.number(so, "spec", "maxReplicaCount");
        int partitions = Rendered.number(KafkaTopicsTest.topic(rendered, Topics.SEND_JOBS), "spec", "partitions");
        assertTrue(min >= 1, overlay + ": at least one worker, or accepted mail waits for the lag poll");
        assertTrue(min <= max, overlay + ": min " + min + " > max " + max);
        assertTrue(max <= partitions, overlay + ": " + max + " workers for " + partitions
                + " partitions of send-jobs: the extra ones would idle");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void gatewayScalesOnCpu(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, "send-gateway");
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals("send-gateway", hpa.getSpec().getScaleTargetRef().getName());
        assertNull(rendered.deployment("send-gateway").getSpec().getReplicas(),
                overlay + ": the HPA owns the gateway count; replicas would fight it");
        assertEquals(1, hpa.getSpec().getMetrics().size());
        MetricSpec metric = hpa.getSpec().getMetrics().get(0);
        assertEquals("Resource", metric.getType());
        assertEquals("cpu", metric.getResource().getName());
        assertEquals("Utilization", metric.getResource().getTarget().getType());
        int utilization = metric.getResource().getTarget().getAverageUtilization();
        assertTrue(utilization > 0 && utilization <= 90, overlay + ": CPU target " + utilization);
        assertNotNull(rendered.container("send-gateway").getResources().getRequests().get("cpu"),
                "CPU utilization is relative to the request");
        assertTrue(hpa.getSpec().getMinReplicas() >= 1);
        assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(), overlay);
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void disruptionBudgetsSelectRealPodsAndLeaveRoomToDrain(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
            LabelSelector selector = pdb.getSpec().getSelector();
            Deployment deployment = rendered.all(Deployment.class).stream()
                    .filter(d -> matches(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay + ": PDB "
                            + pdb.getMetadata().getName() + " selects no pods"));
            assertNotNull(pdb.getSpec().getMaxUnavailable(), overlay + ": " + pdb.getMetadata().getName()
                    + ": maxUnavailable (a minAvailable equal to the replicas blocks every drain)");
            assertTrue(pdb.getSpec().getMaxUnavailable().getIntVal() >= 1, overlay);
            assertNotNull(deployment);
        }
    }

    @Test
    void prodIsHighlyAvailable() {
        Rendered prod = Manifests.render("prod");
        for (String service : Manifests.SERVICES.keySet()) {
            assertEquals(1, prod.all(PodDisruptionBudget.class).stream()
                    .filter(p -> matches(p.getSpec().getSelector(), Map.of("app.kubernetes.io/name", service)))
                    .count(), "prod: one PodDisruptionBudget for " + service);
            PodSpec pod = prod.deployment(service).getSpec().getTemplate().getSpec();
            assertNotNull(pod.getAffinity(), "prod: " + service + " anti-affinity");
            var terms = pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
            assertFalse(terms.isEmpty(), "prod: " + service + " anti-affinity");
            assertEquals("kubernetes.io/hostname", terms.get(0).getPodAffinityTerm().getTopologyKey());
            assertEquals(Map.of("app.kubernetes.io/name", service),
                    terms.get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels(),
                    "prod: " + service + " spreads away from its own pods");
            assertFalse(Rendered.nullToEmpty(pod.getTopologySpreadConstraints()).isEmpty(), "prod: zone spread");
        }
        assertTrue(prod.one(HorizontalPodAutoscaler.class, "send-gateway").getSpec().getMinReplicas() >= 2);
        assertTrue(Rendered.number(prod.custom("ScaledObject").get(0), "spec", "minReplicaCount") >= 2);
        assertTrue(prod.deployment("token-service").getSpec().getReplicas() >= 2);
        assertTrue(prod.deployment("audit-service").getSpec().getReplicas() >= 2);
        assertEquals(12, Rendered.number(KafkaTopicsTest.topic(prod, Topics.SEND_JOBS), "spec", "partitions"),
                "prod: send-jobs has 12 partitions");
        assertEquals(12, Rendered.number(prod.custom("ScaledObject").get(0), "spec", "maxReplicaCount"),
                "prod: one worker per send-jobs partition at most");
        assertTrue(KafkaTopicsTest.brokers(prod) >= 3);
        assertTrue(Rendered.number(prod.custom("Cluster").get(0), "spec", "instances") >= 3);
        assertEquals(1, prod.custom("ServiceMonitor").size());
    }

    @Test
    void devRunsEverythingOnce() {
        Rendered dev = Manifests.render("dev");
        assertEquals(1, dev.one(HorizontalPodAutoscaler.class, "send-gateway").getSpec().getMinReplicas());
        assertEquals(1, Rendered.number(dev.custom("ScaledObject").get(0), "spec", "minReplicaCount"));
        assertEquals(1, dev.deployment("token-service").getSpec().getReplicas());
        assertEquals(1, dev.deployment("audit-service").getSpec().getReplicas());
        assertEquals(1, KafkaTopicsTest.brokers(dev));
        assertEquals(1, Rendered.number(dev.custom("Cluster").get(0), "spec", "instances"));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || labels == null) {
            return false;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not evaluated by these tests; use matchLabels");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
