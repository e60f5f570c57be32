package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The public faces: /v1 and /dashboard at the edge, the SMTP relay on a LoadBalancer. */
class RoutingTest {

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void ingressSendsTheApiAndTheDashboardToTheEdgeOnly(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Ingress ingress = rendered.one(Ingress.class, "mintpost");
        Map<String, String> routes = new TreeMap<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                assertEquals("Prefix", path.getPathType(), overlay + ": " + path.getPath());
                var backend = path.getBackend().getService();
                Service service = rendered.one(Service.class, backend.getName());
                ServicePort port = service.getSpec().getPorts().stream()
                        .filter(p -> backend.getPort().getName() != null
                                ? backend.getPort().getName().equals(p.getName())
                                : backend.getPort().getNumber().equals(p.getPort()))
                        .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no such service port"));
                int target = resolveTargetPort(rendered.container("send-gateway"), port);
                routes.put(path.getPath(), backend.getName() + ":" + target);
            }
        }
        // Everything else under /v1 reaches token-service and audit-service through the edge (with an internal JWT).
        assertEquals(Map.of("/dashboard", "send-gateway:8080", "/v1", "send-gateway:8080"), routes, overlay);
        assertTrue(ingress.getSpec().getTls() != null && !ingress.getSpec().getTls().isEmpty(), overlay + ": TLS");
        String bodySize = ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size");
        assertTrue(bodySize != null && Integer.parseInt(bodySize.replace("m", "")) > 50,
                overlay + ": a 50 MiB batch (API.md) must get through the ingress, not " + bodySize);
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void smtpRelayIsOnALoadBalancerWithTheClusterPorts(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Service smtp = rendered.one(Service.class, "send-gateway-smtp");
        assertEquals("LoadBalancer", smtp.getSpec().getType(), overlay);
        assertEquals("Local", smtp.getSpec().getExternalTrafficPolicy(),
                overlay + ": keep client addresses for allowed_ips and token logs");
        Container gateway = rendered.container("send-gateway");
        Map<Integer, Integer> ports = new TreeMap<>();
        for (ServicePort port : smtp.getSpec().getPorts()) {
            ports.put(port.getPort(), resolveTargetPort(gateway, port));
        }
        // API.md: 25/587/2525 (STARTTLS) and 465 (implicit TLS) in a cluster; the pod listens on 2525 and 2465.
        assertEquals(Map.of(25, 2525, 587, 2525, 2525, 2525, 465, 2465), ports, overlay);
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyServiceSelectsPodsAndReachesADeclaredPort(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Map<String, PodTemplateSpec> templates = rendered.podTemplates();
        for (Service service : rendered.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodTemplateSpec> selected = templates.values().stream()
                    .filter(t -> selector.entrySet().stream().allMatch(e ->
                            e.getValue().equals(t.getMetadata().getLabels().get(e.getKey()))))
                    .toList();
            assertEquals(1, selected.size(), overlay + ": Service " + service.getMetadata().getName()
                    + " must select exactly one workload");
            Container container = selected.get(0).getSpec().getContainers().get(0);
            for (ServicePort port : service.getSpec().getPorts()) {
                resolveTargetPort(container, port);
            }
        }
    }

    /** The container port a Service port sends to; fails if the container does not declare it. */
    static int resolveTargetPort(Container container, ServicePort port) {
        var target = port.getTargetPort();
        List<ContainerPort> declared = Rendered.nullToEmpty(container.getPorts());
        if (target == null) {
            return port.getPort();
        }
        if (target.getStrVal() != null) {
            return declared.stream().filter(p -> target.getStrVal().equals(p.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + target.getStrVal()))
                    .getContainerPort();
        }
        int number = target.getIntVal();
        assertTrue(declared.stream().anyMatch(p -> p.getContainerPort() == number),
                container.getName() + " does not declare port " + number);
        return number;
    }
}
