package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates the rendered NetworkPolicies (plus the one Strimzi derives from the Kafka listener's
 * networkPolicyPeers) the way a CNI does, and checks that exactly the flows of DESIGN §2 pass.
 * An ipBlock is taken to match every address, pods included: the conservative reading.
 */
class NetworkPolicyTest {

    /** A party to a connection: a pod (namespace + labels) or an address outside the cluster. */
    record Party(String name, String namespace, Map<String, String> labels) {

        boolean external() {
            return namespace == null;
        }
    }

    static final Party GATEWAY = service("send-gateway");
    static final Party TOKEN = service("token-service");
    static final Party WORKER = service("dispatch-worker");
    static final Party AUDIT = service("audit-service");
    static final Party WEBHOOKS = service("webhook-service");
    static final Party REDIS = pod("redis", Manifests.NAMESPACE, "app.kubernetes.io/name", "redis");
    static final Party KAFKA = new Party("kafka broker", Manifests.NAMESPACE,
            Map.of("strimzi.io/cluster", "mintpost", "strimzi.io/kind", "Kafka", "strimzi.io/name", "mintpost-kafka"));
    static final Party POSTGRES = pod("postgres", Manifests.NAMESPACE, "cnpg.io/cluster", "mintpost-db");
    static final Party INGRESS = pod("ingress controller", "ingress-nginx", "app.kubernetes.io/name", "ingress-nginx");
    static final Party PROMETHEUS = pod("prometheus", "monitoring", "app.kubernetes.io/name", "prometheus");
    static final Party KEDA = pod("keda operator", "keda", "app", "keda-operator");
    static final Party DNS = pod("kube-dns", "kube-system", "k8s-app", "kube-dns");
    static final Party INTERNET = new Party("internet", null, Map.of());
    /** The OpenTelemetry Collector of k8s/monitoring, in the suite's namespace. */
    static final Party COLLECTOR = pod("otel-collector", Manifests.NAMESPACE, "app.kubernetes.io/name",
            "otel-collector");

    static Party pod(String name, String namespace, String key, String value) {
        return new Party(name, namespace, Map.of(key, value));
    }

    /** One of the suite's services, with the labels base/ gives its pods. */
    static Party service(String name) {
        return new Party(name, Manifests.NAMESPACE,
                Map.of("app.kubernetes.io/name", name, "app.kubernetes.io/part-of", "mintpost"));
    }

    record Flow(Party from, Party to, int port, String protocol) {

        @Override
        public String toString() {
            return from.name() + " -> " + to.name() + ":" + port + "/" + protocol;
        }
    }

    static Flow tcp(Party from, Party to, int port) {
        return new Flow(from, to, port, "TCP");
    }

    /** DESIGN §2 and docs/internals.md: who talks to whom. */
    static final List<Flow> ALLOWED = List.of(
            tcp(INGRESS, GATEWAY, 8080),
            tcp(INTERNET, GATEWAY, 2525),
            tcp(INTERNET, GATEWAY, 2465),
            tcp(GATEWAY, TOKEN, 8081),
            tcp(GATEWAY, AUDIT, 8083),
            tcp(GATEWAY, REDIS, 6379),
            tcp(WORKER, REDIS, 6379),
            tcp(GATEWAY, KAFKA, 9092),
            tcp(TOKEN, KAFKA, 9092),
            tcp(AUDIT, KAFKA, 9092),
            tcp(WORKER, KAFKA, 9092),
            tcp(KEDA, KAFKA, 9092),
            tcp(TOKEN, POSTGRES, 5432),
            tcp(AUDIT, POSTGRES, 5432),
            tcp(WORKER, INTERNET, 587),
            tcp(WORKER, INTERNET, 465),
            // direct delivery: the recipients' MX hosts, and their MTA-STS policies over HTTPS
            tcp(WORKER, INTERNET, 25),
            tcp(WORKER, INTERNET, 443),
            tcp(PROMETHEUS, GATEWAY, 8080),
            tcp(PROMETHEUS, TOKEN, 8081),
            tcp(PROMETHEUS, WORKER, 8082),
            tcp(PROMETHEUS, AUDIT, 8083),
            new Flow(GATEWAY, DNS, 53, "UDP"),
            new Flow(TOKEN, DNS, 53, "UDP"),
            new Flow(WORKER, DNS, 53, "UDP"),
            new Flow(AUDIT, DNS, 53, "UDP"),
            tcp(GATEWAY, WEBHOOKS, 8084),
            tcp(WEBHOOKS, KAFKA, 9092),
            tcp(WEBHOOKS, POSTGRES, 5432),
            tcp(WEBHOOKS, INTERNET, 443),
            // GitHub's secret-scanning keys (MINTPOST_SECRET_SCANNING_KEYS_URL)
            tcp(TOKEN, INTERNET, 443),
            tcp(PROMETHEUS, WEBHOOKS, 8084),
            new Flow(WEBHOOKS, DNS, 53, "UDP"),
            // traces, when tracing is on (docs/operations.md): OTLP gRPC and HTTP to the Collector
            tcp(GATEWAY, COLLECTOR, 4317),
            tcp(GATEWAY, COLLECTOR, 4318),
            tcp(TOKEN, COLLECTOR, 4317),
            tcp(TOKEN, COLLECTOR, 4318),
            tcp(WORKER, COLLECTOR, 4317),
            tcp(WORKER, COLLECTOR, 4318),
            tcp(AUDIT, COLLECTOR, 4317),
            tcp(AUDIT, COLLECTOR, 4318),
            tcp(WEBHOOKS, COLLECTOR, 4317),
            tcp(WEBHOOKS, COLLECTOR, 4318));

    /** Everything a compromised or buggy pod must not be able to do. */
    static final List<Flow> DENIED = List.of(
            tcp(INTERNET, GATEWAY, 8080),
            tcp(INTERNET, TOKEN, 8081),
            tcp(INTERNET, AUDIT, 8083),
            tcp(INTERNET, WORKER, 8082),
            tcp(INTERNET, REDIS, 6379),
            tcp(INTERNET, POSTGRES, 5432),
            tcp(INTERNET, KAFKA, 9092),
            tcp(INGRESS, TOKEN, 8081),
            tcp(INGRESS, AUDIT, 8083),
            tcp(WORKER, TOKEN, 8081),
            tcp(WORKER, AUDIT, 8083),
            tcp(WORKER, POSTGRES, 5432),
            tcp(WORKER, GATEWAY, 8080),
            tcp(TOKEN, AUDIT, 8083),
            tcp(TOKEN, REDIS, 6379),
            tcp(TOKEN, GATEWAY, 8080),
            tcp(TOKEN, INTERNET, 587),
            tcp(TOKEN, INTERNET, 80),
            tcp(AUDIT, TOKEN, 8081),
            tcp(AUDIT, REDIS, 6379),
            tcp(AUDIT, INTERNET, 443),
            tcp(GATEWAY, POSTGRES, 5432),
            tcp(GATEWAY, WORKER, 8082),
            tcp(GATEWAY, INTERNET, 443),
            tcp(WORKER, INTERNET, 80),
            tcp(KEDA, TOKEN, 8081),
            tcp(PROMETHEUS, REDIS, 6379),
            tcp(INTERNET, WEBHOOKS, 8084),
            tcp(INGRESS, WEBHOOKS, 8084),
            tcp(WORKER, WEBHOOKS, 8084),
            tcp(WEBHOOKS, TOKEN, 8081),
            tcp(WEBHOOKS, REDIS, 6379),
            tcp(WEBHOOKS, GATEWAY, 8080),
            tcp(WEBHOOKS, INTERNET, 587),
            tcp(INTERNET, COLLECTOR, 4317),
            tcp(INGRESS, COLLECTOR, 4318),
            tcp(GATEWAY, COLLECTOR, 8888),
            tcp(WORKER, COLLECTOR, 13133));

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void onlyTheDesignedFlowsPass(String overlay) {
        List<NetworkPolicy> policies = policies(Manifests.render(overlay));
        List<String> wrong = new ArrayList<>();
        for (Flow flow : ALLOWED) {
            if (!allowed(policies, flow)) {
                wrong.add("blocked but needed: " + flow);
            }
        }
        for (Flow flow : DENIED) {
            if (allowed(policies, flow)) {
                wrong.add("open but not needed: " + flow);
            }
        }
        assertEquals(List.of(), wrong, overlay);
    }

    /** HTTPS out of the worker is for MTA-STS policies on the internet: never into the cluster's or a private net. */
    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void theWorkersHttpsReachesPublicAddressesOnly(String overlay) {
        List<NetworkPolicy> worker = policies(Manifests.render(overlay)).stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                .filter(p -> selects(p.getSpec().getPodSelector(), WORKER.labels())).toList();
        List<NetworkPolicyPeer> https = worker.stream()
                .flatMap(p -> Rendered.nullToEmpty(p.getSpec().getEgress()).stream())
                .filter(rule -> rule.getPorts() != null && !rule.getPorts().isEmpty()
                        && portsMatch(rule.getPorts(), tcp(WORKER, INTERNET, 443)))
                .flatMap(rule -> rule.getTo().stream()).toList();
        assertFalse(https.isEmpty(), overlay + ": no HTTPS out of the worker");
        for (NetworkPolicyPeer peer : https) {
            assertTrue(peer.getIpBlock() != null && peer.getIpBlock().getExcept().containsAll(List.of("10.0.0.0/8",
                    "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "127.0.0.0/8")),
                    overlay + ": the worker's HTTPS reaches internal addresses: " + peer);
        }
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyPodOfTheNamespaceIsCoveredByADefaultDeny(String overlay) {
        assertTrue(Manifests.render(overlay).all(NetworkPolicy.class).stream().anyMatch(p ->
                        isEmpty(p.getSpec().getPodSelector()) && p.getSpec().getPolicyTypes().contains("Ingress")
                                && Rendered.nullToEmpty(p.getSpec().getIngress()).isEmpty()),
                overlay + ": no default-deny ingress policy");
    }

    /**
     * The rendered policies, those of k8s/monitoring (applied beside an overlay: the Collector's) and the ingress
     * policy Strimzi creates for the plain listener.
     */
    static List<NetworkPolicy> policies(Rendered rendered) {
        List<NetworkPolicy> policies = new ArrayList<>(rendered.all(NetworkPolicy.class));
        policies.addAll(Manifests.monitoring().all(NetworkPolicy.class));
        KubernetesSerialization json = new KubernetesSerialization();
        for (GenericKubernetesResource kafka : rendered.custom("Kafka")) {
            for (Object listener : Rendered.list(kafka, "spec", "kafka", "listeners")) {
                Map<?, ?> l = (Map<?, ?>) listener;
                Object peers = l.get("networkPolicyPeers");
                String policy = json.asJson(Map.of(
                        "apiVersion", "networking.k8s.io/v1", "kind", "NetworkPolicy",
                        "metadata", Map.of("name", "strimzi-" + l.get("name"), "namespace", Manifests.NAMESPACE),
                        "spec", Map.of(
                                "podSelector", Map.of("matchLabels", Map.of(
                                        "strimzi.io/cluster", kafka.getMetadata().getName(),
                                        "strimzi.io/kind", "Kafka")),
                                "policyTypes", List.of("Ingress"),
                                "ingress", List.of(peers == null
                                        ? Map.of("ports", List.of(Map.of("port", l.get("port"))))
                                        : Map.of("from", peers, "ports", List.of(Map.of("port", l.get("port"))))))));
                policies.add(json.unmarshal(policy, NetworkPolicy.class));
            }
        }
        return policies;
    }

    static boolean allowed(List<NetworkPolicy> policies, Flow flow) {
        return ingressAllows(policies, flow) && egressAllows(policies, flow);
    }

    private static boolean ingressAllows(List<NetworkPolicy> policies, Flow flow) {
        if (flow.to().external()) {
            return true;
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(flow.to().namespace()))
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> selects(p.getSpec().getPodSelector(), flow.to().labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> Rendered.nullToEmpty(p.getSpec().getIngress()).stream()
                .map(rule -> peersMatch(p, rule.getFrom(), flow.from()) && portsMatch(rule.getPorts(), flow)))
                .anyMatch(Boolean::booleanValue);
    }

    private static boolean egressAllows(List<NetworkPolicy> policies, Flow flow) {
        if (flow.from().external()) {
            return true;
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(flow.from().namespace()))
                .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                .filter(p -> selects(p.getSpec().getPodSelector(), flow.from().labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> Rendered.nullToEmpty(p.getSpec().getEgress()).stream()
                .map(rule -> peersMatch(p, rule.getTo(), flow.to()) && portsMatch(rule.getPorts(), flow)))
                .anyMatch(Boolean::booleanValue);
    }

    private static boolean peersMatch(NetworkPolicy policy, List<NetworkPolicyPeer> peers, Party party) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                return true;
            }
            if (party.external()) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null
                    ? party.namespace().equals(policy.getMetadata().getNamespace())
                    : selects(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", party.namespace()));
            boolean podOk = peer.getPodSelector() == null || selects(peer.getPodSelector(), party.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Flow flow) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort port : ports) {
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
            IntOrString number = port.getPort();
            if (number != null && number.getStrVal() != null) {
                throw new AssertionError("named port " + number.getStrVal() + " in a NetworkPolicy: use numbers");
            }
            boolean numberOk = number == null || number.getIntVal() == flow.port()
                    || (port.getEndPort() != null && number.getIntVal() <= flow.port() && flow.port() <= port.getEndPort());
            if (protocol.equals(flow.protocol()) && numberOk) {
                return true;
            }
        }
        return false;
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (isEmpty(selector)) {
            return true;
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        if (!wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement req : Rendered.nullToEmpty(selector.getMatchExpressions())) {
            String value = labels.get(req.getKey());
            boolean ok = switch (req.getOperator()) {
                case "In" -> value != null && req.getValues().contains(value);
                case "NotIn" -> value == null || !req.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("operator " + req.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }
}
