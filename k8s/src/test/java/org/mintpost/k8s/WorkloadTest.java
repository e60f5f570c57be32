package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every workload needs in production: probes, requests and limits, non-root, graceful stop. */
class WorkloadTest {

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyContainerHasProbesRequestsAndLimits(String overlay) {
        Map<String, PodTemplateSpec> templates = Manifests.render(overlay).podTemplates();
        assertEquals(Manifests.SERVICES.size() + 1, templates.size(), overlay + ": the services and redis");
        templates.forEach((workload, template) -> {
            List<Container> containers = template.getSpec().getContainers();
            assertFalse(containers.isEmpty(), workload);
            for (Container c : containers) {
                String id = overlay + " " + workload + "/" + c.getName();
                assertNotNull(c.getStartupProbe(), id + ": startupProbe");
                assertNotNull(c.getLivenessProbe(), id + ": livenessProbe");
                assertNotNull(c.getReadinessProbe(), id + ": readinessProbe");
                ResourceRequirements resources = c.getResources();
                assertNotNull(resources, id + ": resources");
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(resource);
                    Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(resource);
                    assertNotNull(request, id + ": no " + resource + " request");
                    assertNotNull(limit, id + ": no " + resource + " limit");
                    BigDecimal requested = Quantity.getAmountInBytes(request);
                    BigDecimal limited = Quantity.getAmountInBytes(limit);
                    assertTrue(requested.signum() > 0, id + ": " + resource + " request must be > 0");
                    assertTrue(requested.compareTo(limited) <= 0,
                            id + ": " + resource + " request " + request + " above limit " + limit);
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyContainerRunsAsNonRootWithoutPrivileges(String overlay) {
        Manifests.render(overlay).podTemplates().forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertNotNull(podSecurity, workload + ": pod securityContext");
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile() == null ? null
                    : podSecurity.getSeccompProfile().getType(), overlay + " " + workload + ": seccomp");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(),
                    overlay + " " + workload + ": no API access needed, no token mounted");
            for (Container c : pod.getContainers()) {
                String id = overlay + " " + workload + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertNotNull(sc, id + ": container securityContext");
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podSecurity.getRunAsNonRoot();
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podSecurity.getRunAsUser();
                assertEquals(Boolean.TRUE, nonRoot, id + ": runAsNonRoot");
                assertNotNull(user, id + ": a numeric runAsUser (the kubelet cannot check a named user)");
                assertNotEquals(0L, user, id + ": runs as root");
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), id + ": allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), id + ": readOnlyRootFilesystem");
                assertNotEquals(Boolean.TRUE, sc.getPrivileged(), id + ": privileged");
                assertNotNull(sc.getCapabilities(), id + ": capabilities");
                assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), id + ": drop ALL capabilities");
                assertTrue(Rendered.nullToEmpty(sc.getCapabilities().getAdd()).isEmpty(), id + ": adds capabilities");
                for (ContainerPort port : Rendered.nullToEmpty(c.getPorts())) {
                    assertTrue(port.getContainerPort() >= 1024,
                            id + ": non-root cannot bind port " + port.getContainerPort());
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void servicesProbeTheQuarkusHealthEndpoints(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Manifests.SERVICES.forEach((name, port) -> {
            Container c = rendered.container(name);
            int httpPort = c.getPorts().stream().filter(p -> "http".equals(p.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no port named http"))
                    .getContainerPort();
            assertEquals(port, httpPort, overlay + " " + name + ": HTTP port of docs/internals.md");
            assertEquals(String.valueOf(port), rendered.environment(c).get("QUARKUS_HTTP_PORT").value(),
                    overlay + " " + name + ": QUARKUS_HTTP_PORT");
            assertHttpProbe(overlay + " " + name + " startup", c.getStartupProbe(), "/q/health/live");
            assertHttpProbe(overlay + " " + name + " liveness", c.getLivenessProbe(), "/q/health/live");
            assertHttpProbe(overlay + " " + name + " readiness", c.getReadinessProbe(), "/q/health/ready");
            // The startup probe must give a cold JVM (and the edge's token-map replay) time.
            Probe startup = c.getStartupProbe();
            assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 60,
                    overlay + " " + name + ": startup probe allows less than 60 s");
            Map<String, String> annotations = rendered.deployment(name).getSpec().getTemplate()
                    .getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"), name);
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"), name);
            assertEquals(String.valueOf(port), annotations.get("prometheus.io/port"), name);
        });
    }

    private static void assertHttpProbe(String id, Probe probe, String path) {
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, id + ": an HTTP probe");
        assertEquals(path, get.getPath(), id);
        assertEquals("http", get.getPort().getStrVal(), id + ": probes the named http port");
        assertTrue(probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() >= 1, id + ": timeout");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void terminationGraceCoversTheQuarkusShutdown(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Manifests.SERVICES.keySet().forEach(name -> {
            Deployment deployment = rendered.deployment(name);
            Container c = rendered.container(name);
            Rendered.EnvSource timeout = rendered.environment(c).get("QUARKUS_SHUTDOWN_TIMEOUT");
            assertNotNull(timeout, overlay + " " + name + ": QUARKUS_SHUTDOWN_TIMEOUT (graceful shutdown)");
            long shutdown = Duration.parse("PT" + timeout.value().toUpperCase()).toSeconds();
            assertTrue(shutdown >= 10, name + ": a shutdown timeout of " + shutdown + " s cuts in-flight work");
            assertNotNull(c.getLifecycle(), name + ": preStop");
            assertNotNull(c.getLifecycle().getPreStop().getSleep(), name + ": preStop sleep (no shell in the image)");
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertTrue(grace > preStop + shutdown,
                    overlay + " " + name + ": terminationGracePeriodSeconds " + grace
                            + " must exceed preStop " + preStop + " s + quarkus.shutdown.timeout " + shutdown + " s");
            assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
                    name + ": a rollout never drops below the current capacity");
        });
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void filesTheServicesWriteLandOnWritableVolumes(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Manifests.SERVICES.keySet().forEach(name ->
                assertWritable(rendered, name, "/tmp/x", overlay + " " + name + ": Vert.x and uploads need /tmp"));
        // token-service writes the first team token to a file on its first start.
        String tokenFile = rendered.environment(rendered.container("token-service"))
                .get("MINTPOST_BOOTSTRAP_TOKEN_FILE").value();
        assertWritable(rendered, "token-service", tokenFile, overlay + ": mintpost.bootstrap.token-file");
    }

    private static void assertWritable(Rendered rendered, String deployment, String file, String message) {
        Container c = rendered.container(deployment);
        var mount = Rendered.nullToEmpty(c.getVolumeMounts()).stream()
                .filter(m -> file.startsWith(m.getMountPath() + "/") && !Boolean.TRUE.equals(m.getReadOnly()))
                .findFirst().orElseThrow(() -> new AssertionError(message + ": " + file
                        + " is on the read-only root filesystem"));
        var volume = rendered.deployment(deployment).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), message + ": " + file + " must be on an emptyDir");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void imagesAreTheJibBuiltOnes(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Manifests.SERVICES.keySet().forEach(name -> {
            String image = rendered.container(name).getImage();
            assertTrue(image.matches("(.+/)?" + Images.GROUP + "/" + name + ":[A-Za-z0-9._-]+"),
                    overlay + ": " + name + " runs " + image + ", not the image build-images.sh makes");
        });
    }
}
