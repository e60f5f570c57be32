package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mintpost.contracts.token.InternalClaims;

/**
 * Every configuration key a service needs in a cluster is provided by the manifests, and points
 * at something that exists: the key list of the issue, plus whatever the services'
 * application.properties leave without a default in the prod profile.
 */
class ConfigKeysTest {

    private static final List<String> DATABASE = List.of("quarkus.datasource.reactive.url",
            "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password",
            "mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer");

    /** The keys the services need in a cluster (issue 9, "Decisions already made"). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "send-gateway", List.of("kafka.bootstrap.servers", "quarkus.redis.hosts",
                    "smallrye.jwt.sign.key.location", "mp.jwt.verify.issuer", "mintpost.token-service.url",
                    "mintpost.audit-service.url", "mintpost.trusted-proxies", "mintpost.smtp.tls.cert-path",
                    "mintpost.smtp.tls.key-path", "quarkus.shutdown.timeout",
                    "mintpost.sending.require-verified-domain"),
            "token-service", concat(List.of("kafka.bootstrap.servers", "quarkus.shutdown.timeout",
                    "mintpost.dkim.key-encryption-key", "mintpost.bounces.domain",
                    "mintpost.secret-scanning.keys-url"), DATABASE),
            "audit-service", concat(List.of("kafka.bootstrap.servers", "quarkus.shutdown.timeout"), DATABASE),
            "webhook-service", List.of("kafka.bootstrap.servers", "quarkus.shutdown.timeout",
                    "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password",
                    "mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer", "mintpost.webhooks.secret-key",
                    "mintpost.webhooks.allow-private-targets"),
            "dispatch-worker", List.of("kafka.bootstrap.servers", "mintpost.upstream.host", "mintpost.upstream.port",
                    "mintpost.upstream.username", "mintpost.upstream.password", "mintpost.upstream.start-tls",
                    "mintpost.upstream.tls", "mintpost.dispatch.ledger.redis-hosts", "quarkus.shutdown.timeout",
                    "mintpost.dkim.key-encryption-key"));

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyRequiredKeyIsProvided(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((service, keys) -> {
            Map<String, Rendered.EnvSource> env = rendered.environment(rendered.container(service));
            for (String key : keys) {
                Rendered.EnvSource source = env.get(ServiceProperties.envName(key));
                if (source == null || (!source.isSecret() && source.value().isBlank())) {
                    missing.add(service + ": " + key + " (env " + ServiceProperties.envName(key) + ")");
                }
            }
        });
        assertEquals(List.of(), missing, overlay + ": keys the manifests do not provide");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everyKeyWithoutADefaultInTheServicesPropertiesIsProvided(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        List<String> missing = new ArrayList<>();
        for (String service : Manifests.SERVICES.keySet()) {
            var properties = ServiceProperties.of(service);
            if (properties.isEmpty()) {
                // Not written yet: the REQUIRED list above still holds for it.
                continue;
            }
            Map<String, Rendered.EnvSource> env = rendered.environment(rendered.container(service));
            for (ServiceProperties.Needed needed : properties.get().needed()) {
                boolean provided = needed.envNames().stream().anyMatch(name -> env.containsKey(name)
                        && (env.get(name).isSecret() || !env.get(name).value().isBlank()));
                if (!provided) {
                    missing.add(service + ": " + needed.key() + " (" + needed.why() + "; set one of "
                            + needed.envNames() + ")");
                }
            }
        }
        assertEquals(List.of(), missing, overlay + ": keys without a default that the manifests leave unset");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void kafkaAndJwtSettingsPointAtWhatExists(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        GenericKubernetesResource kafka = rendered.custom("Kafka").get(0);
        int plainPort = KafkaTopicsTest.plainListenerPort(kafka);
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plainPort;
        for (String service : Manifests.SERVICES.keySet()) {
            Map<String, Rendered.EnvSource> env = rendered.environment(rendered.container(service));
            assertEquals(bootstrap, env.get("KAFKA_BOOTSTRAP_SERVERS").value(), overlay + " " + service);
            if (env.containsKey("MP_JWT_VERIFY_ISSUER")) {
                assertEquals(InternalClaims.DEFAULT_ISSUER, env.get("MP_JWT_VERIFY_ISSUER").value(),
                        overlay + " " + service + ": one issuer for the whole suite");
            }
        }
        // Only the edge holds the signing key; the others get the public key only.
        assertMountedSecretFile(rendered, "send-gateway", "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                "mintpost-internal-jwt", "private.pem");
        assertMountedSecretFile(rendered, "token-service", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                "mintpost-internal-jwt", "public.pem");
        assertMountedSecretFile(rendered, "audit-service", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                "mintpost-internal-jwt", "public.pem");
        for (String service : List.of("token-service", "audit-service", "dispatch-worker", "webhook-service")) {
            assertFalse(mountsKey(rendered, service, "mintpost-internal-jwt", "private.pem"),
                    overlay + ": " + service + " must not see the signing key");
        }
        assertMountedSecretFile(rendered, "send-gateway", "MINTPOST_SMTP_TLS_CERT_PATH", "mintpost-smtp-tls", "tls.crt");
        assertMountedSecretFile(rendered, "send-gateway", "MINTPOST_SMTP_TLS_KEY_PATH", "mintpost-smtp-tls", "tls.key");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void serviceUrlsDatabasesAndRedisPointAtWhatExists(String overlay) {
        Rendered rendered = Manifests.render(overlay);
        Map<String, Rendered.EnvSource> edge = rendered.environment(rendered.container("send-gateway"));
        assertServiceUrl(rendered, edge.get("MINTPOST_TOKEN_SERVICE_URL").value(), "token-service");
        assertServiceUrl(rendered, edge.get("MINTPOST_AUDIT_SERVICE_URL").value(), "audit-service");
        assertServiceUrl(rendered, edge.get("MINTPOST_WEBHOOK_SERVICE_URL").value(), "webhook-service");

        // the edge (idempotency keys, rate limits) and the workers (delivered ledger) use Redis
        Container redisContainer = rendered.one(StatefulSet.class, "redis").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        Rendered.EnvSource required = rendered.environment(redisContainer).get("REDIS_PASSWORD");
        assertTrue(required != null && required.isSecret(), overlay + ": redis requires a password from a Secret");
        assertTrue(Rendered.nullToEmpty(redisContainer.getArgs()).contains("--requirepass"), overlay);
        // (the worker's ledger has its own keys: its client is not the gateway's)
        Map<String, String> redisKeys = Map.of("send-gateway", "QUARKUS_REDIS_", "dispatch-worker",
                "MINTPOST_DISPATCH_LEDGER_REDIS_");
        for (String service : List.of("send-gateway", "dispatch-worker")) {
            Map<String, Rendered.EnvSource> env = rendered.environment(rendered.container(service));
            String redisHosts = env.get(redisKeys.get(service) + "HOSTS").value();
            URI redis = URI.create(redisHosts);
            assertEquals("redis", redis.getScheme(), redisHosts);
            Service redisService = rendered.one(Service.class, redis.getHost());
            assertTrue(redisService.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == redis.getPort()),
                    overlay + ": redis port for " + service);
            assertEquals(null, redis.getUserInfo(), overlay + ": no password in the redis URL: " + redisHosts);
            // the password the service sends is the one Redis requires
            Rendered.EnvSource sent = env.get(redisKeys.get(service) + "PASSWORD");
            assertTrue(sent != null && sent.isSecret(), overlay + ": " + service + "'s Redis password from a Secret");
            assertEquals(required.secret() + "/" + required.secretKey(), sent.secret() + "/" + sent.secretKey());
        }

        GenericKubernetesResource db = rendered.custom("Cluster").get(0);
        String host = db.getMetadata().getName() + "-rw";
        String database = Rendered.text(db, "spec", "bootstrap", "initdb", "database");
        List<Object> roles = Rendered.list(db, "spec", "managed", "roles");
        for (String service : List.of("token-service", "audit-service")) {
            Map<String, Rendered.EnvSource> env = rendered.environment(rendered.container(service));
            assertEquals("postgresql://" + host + ":5432/" + database,
                    env.get("QUARKUS_DATASOURCE_REACTIVE_URL").value(), overlay + " " + service);
            assertEquals("jdbc:postgresql://" + host + ":5432/" + database,
                    env.get("QUARKUS_DATASOURCE_JDBC_URL").value(), overlay + " " + service);
            Rendered.EnvSource user = env.get("QUARKUS_DATASOURCE_USERNAME");
            Rendered.EnvSource password = env.get("QUARKUS_DATASOURCE_PASSWORD");
            assertTrue(user.isSecret() && password.isSecret(), service + ": database credentials from a Secret");
            assertEquals(user.secret(), password.secret(), service);
            // CloudNativePG creates the login role from that very Secret.
            assertTrue(roles.stream().anyMatch(r -> r instanceof Map<?, ?> role && role.get("passwordSecret")
                            instanceof Map<?, ?> ref && user.secret().equals(ref.get("name"))),
                    overlay + ": no managed role of " + db.getMetadata().getName() + " uses " + user.secret());
        }
        Map<String, Rendered.EnvSource> token = rendered.environment(rendered.container("token-service"));
        Map<String, Rendered.EnvSource> audit = rendered.environment(rendered.container("audit-service"));
        assertFalse(token.get("QUARKUS_DATASOURCE_USERNAME").secret()
                .equals(audit.get("QUARKUS_DATASOURCE_USERNAME").secret()),
                overlay + ": token-service and audit-service must not share a database role (DESIGN §2)");
    }

    @ParameterizedTest
    @MethodSource("org.mintpost.k8s.Manifests#overlays")
    void everySecretTheWorkloadsUseIsDocumented(String overlay) throws IOException {
        String readme = Files.readString(Manifests.repoRoot().resolve("docs/kubernetes.md"));
        Map<String, Set<String>> used = new LinkedHashMap<>();
        Rendered rendered = Manifests.render(overlay);
        rendered.podTemplates().forEach((workload, template) -> {
            for (Container c : template.getSpec().getContainers()) {
                rendered.environment(c).values().stream().filter(Rendered.EnvSource::isSecret).forEach(s ->
                        used.computeIfAbsent(s.secret(), k -> new java.util.TreeSet<>()).add(s.secretKey()));
            }
            for (Volume v : Rendered.nullToEmpty(template.getSpec().getVolumes())) {
                if (v.getSecret() != null) {
                    Set<String> keys = used.computeIfAbsent(v.getSecret().getSecretName(), k -> new java.util.TreeSet<>());
                    Rendered.nullToEmpty(v.getSecret().getItems()).forEach(i -> keys.add(i.getKey()));
                }
            }
        });
        assertFalse(used.isEmpty());
        used.forEach((secret, keys) -> {
            String row = readme.lines().filter(l -> l.startsWith("|") && l.contains("`" + secret + "`"))
                    .findFirst().orElseThrow(() -> new AssertionError(
                            "docs/kubernetes.md has no table row for the Secret `" + secret + "`"));
            for (String key : keys) {
                assertTrue(row.contains("`" + key + "`"), "docs/kubernetes.md: `" + secret + "` lacks key `" + key + "`");
            }
        });
    }

    private static boolean mountsKey(Rendered rendered, String service, String secret, String key) {
        PodSpec pod = rendered.deployment(service).getSpec().getTemplate().getSpec();
        return Rendered.nullToEmpty(pod.getVolumes()).stream()
                .filter(v -> v.getSecret() != null && secret.equals(v.getSecret().getSecretName()))
                .anyMatch(v -> v.getSecret().getItems() == null || v.getSecret().getItems().isEmpty()
                        || v.getSecret().getItems().stream().anyMatch(i -> key.equals(i.getKey())));
    }

    /** A file location in the environment lies in a volume mounted from the given Secret key. */
    private static void assertMountedSecretFile(Rendered rendered, String service, String envName,
            String secret, String key) {
        Rendered.EnvSource source = rendered.environment(rendered.container(service)).get(envName);
        assertNotNull(source, service + ": " + envName);
        String path = source.value().replaceFirst("^file://", "").replaceFirst("^file:", "");
        PodSpec pod = rendered.deployment(service).getSpec().getTemplate().getSpec();
        Container c = rendered.container(service);
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> path.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(service + ": nothing mounted at " + path));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
        assertNotNull(volume.getSecret(), service + ": " + path + " must come from a Secret");
        assertEquals(secret, volume.getSecret().getSecretName(), service + ": " + envName);
        String file = path.substring(mount.getMountPath().length() + 1);
        List<KeyToPath> items = volume.getSecret().getItems();
        boolean present = items == null || items.isEmpty() ? file.equals(key)
                : items.stream().anyMatch(i -> i.getKey().equals(key) && i.getPath().equals(file));
        assertTrue(present, service + ": " + path + " is not the Secret key " + key);
    }

    /** http://name:port resolves to a Service whose targetPort is the named container's port. */
    private static void assertServiceUrl(Rendered rendered, String url, String deployment) {
        URI uri = URI.create(url);
        Service service = rendered.one(Service.class, uri.getHost());
        ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == uri.getPort())
                .findFirst().orElseThrow(() -> new AssertionError(url + ": the Service has no port " + uri.getPort()));
        assertEquals(Map.of("app.kubernetes.io/name", deployment), service.getSpec().getSelector(), url);
        int target = RoutingTest.resolveTargetPort(rendered.container(deployment), port);
        assertEquals(Manifests.SERVICES.get(deployment), target, url);
    }
}
