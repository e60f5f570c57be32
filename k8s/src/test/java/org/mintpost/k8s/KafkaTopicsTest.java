package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mintpost.contracts.Topics;

/** Strimzi: KRaft with node pools, and exactly the topics of the contracts module. */
class KafkaTopicsTest {

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void kafkaRunsInKraftModeWithNodePools(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        List<GenericKubernetesResource> clusters = rendered.custom("Kafka");
        assertEquals(1, clusters.size(), overlay);
        GenericKubernetesResource kafka = clusters.get(0);
        Map<String, String> annotations = kafka.getMetadata().getAnnotations();
        assertEquals("enabled", annotations.get("strimzi.io/kraft"), overlay + ": KRaft, no ZooKeeper");
        assertEquals("enabled", annotations.get("strimzi.io/node-pools"), overlay);
        assertEquals(null, Rendered.at(kafka, "spec", "zookeeper"), overlay + ": no ZooKeeper section");
        assertNotNull(Rendered.at(kafka, "spec", "entityOperator", "topicOperator"),
                overlay + ": the topic operator turns KafkaTopics into topics");
        assertEquals("false", Rendered.text(kafka, "spec", "kafka", "config", "auto.create.topics.enable"),
                overlay + ": topics come from KafkaTopic resources only");

        int controllers = 0;
        for (GenericKubernetesResource pool : rendered.custom("KafkaNodePool")) {
            assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
            List<Object> roles = Rendered.list(pool, "spec", "roles");
            if (roles.contains("controller")) {
                controllers += Rendered.number(pool, "spec", "replicas");
            }
        }
        assertTrue(brokers(rendered) >= 1, overlay + ": no broker");
        assertTrue(controllers % 2 == 1, overlay + ": an odd number of KRaft controllers, not " + controllers);

        int minIsr = Rendered.number(kafka, "spec", "kafka", "config", "min.insync.replicas");
        int offsetsRf = Rendered.number(kafka, "spec", "kafka", "config", "offsets.topic.replication.factor");
        assertTrue(offsetsRf <= brokers(rendered), overlay + ": offsets.topic.replication.factor > brokers");
        assertTrue(minIsr <= offsetsRf, overlay);
        if (brokers(rendered) >= 3) {
            assertTrue(minIsr >= 2, overlay + ": acks=all must mean two copies once there are three brokers");
            assertTrue(offsetsRf >= 3, overlay + ": consumer offsets must survive a broker");
        }
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void topicsAreExactlyTheContractsTopics(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Set<String> declared = rendered.custom("KafkaTopic").stream()
                .map(t -> Rendered.text(t, "spec", "topicName"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Topics.all()), declared, overlay + ": KafkaTopics vs org.mintpost.contracts.Topics");
        assertEquals(Topics.all().size(), rendered.custom("KafkaTopic").size(), overlay + ": a topic declared twice");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyTopicHasItsContractSettingsPartitionsAndReplication(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        GenericKubernetesResource kafka = rendered.custom("Kafka").get(0);
        int brokers = brokers(rendered);
        int minIsr = Rendered.number(kafka, "spec", "kafka", "config", "min.insync.replicas");
        for (GenericKubernetesResource topic : rendered.custom("KafkaTopic")) {
            String name = Rendered.text(topic, "spec", "topicName");
            String id = overlay + ": " + name;
            assertEquals(kafka.getMetadata().getName(), topic.getMetadata().getLabels().get("strimzi.io/cluster"),
                    id + ": the topic operator only watches its own cluster's label");
            int partitions = Rendered.number(topic, "spec", "partitions");
            assertTrue(partitions >= Topics.partitions(name),
                    id + ": " + partitions + " partitions, fewer than the contracts' " + Topics.partitions(name));
            int replicas = Rendered.number(topic, "spec", "replicas");
            assertTrue(replicas <= brokers, id + ": " + replicas + " replicas on " + brokers + " brokers");
            assertEquals(Math.min(3, brokers), replicas, id + ": replication factor");
            if (brokers > 1) {
                assertTrue(minIsr < replicas, id + ": with min.insync.replicas " + minIsr
                        + " one broker down would stop producers");
            }
            Topics.configs(name).forEach((key, value) -> assertEquals(value,
                    Rendered.text(topic, "spec", "config", key), id + ": " + key + " (contracts' Topics.configs)"));
        }
        GenericKubernetesResource tokenChanges = topic(rendered, Topics.TOKEN_CHANGES);
        assertEquals("compact", Rendered.text(tokenChanges, "spec", "config", "cleanup.policy"),
                overlay + ": token-changes is the gateways' compacted source of truth");
        for (String name : Topics.all()) {
            boolean compacted = "compact".equals(Topics.configs(name).get("cleanup.policy"));
            if (!compacted) {
                assertFalse("compact".equals(Rendered.text(topic(rendered, name), "spec", "config", "cleanup.policy")),
                        overlay + ": " + name + " must not be compacted (it is not a state topic in the contracts)");
            }
        }
    }

    static GenericKubernetesResource topic(Rendered rendered, String topicName) {
        return rendered.custom("KafkaTopic").stream()
                .filter(t -> topicName.equals(Rendered.text(t, "spec", "topicName"))).findFirst()
                .orElseThrow(() -> new AssertionError(rendered.overlay() + ": no KafkaTopic " + topicName));
    }

    static int brokers(Rendered rendered) {
        return rendered.custom("KafkaNodePool").stream()
                .filter(p -> Rendered.list(p, "spec", "roles").contains("broker"))
                .mapToInt(p -> Rendered.number(p, "spec", "replicas")).sum();
    }

    /** The port of the cluster-internal plain listener, the one the services' bootstrap uses. */
    static int plainListenerPort(GenericKubernetesResource kafka) {
        for (Object listener : Rendered.list(kafka, "spec", "kafka", "listeners")) {
            if (listener instanceof Map<?, ?> l && "internal".equals(l.get("type"))
                    && Boolean.FALSE.equals(l.get("tls"))) {
                return ((Number) l.get("port")).intValue();
            }
        }
        throw new AssertionError("no internal plain listener on " + kafka.getMetadata().getName());
    }
}
