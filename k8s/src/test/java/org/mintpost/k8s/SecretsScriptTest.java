package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;

/**
 * k8s/create-secrets.sh (run with --print, so no cluster is touched) creates every Secret the
 * manifests reference, with the right keys and types, and a matching JWT key pair.
 */
class SecretsScriptTest {

    private static Map<String, Secret> secrets;

    @BeforeAll
    static void runScript() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", Manifests.k8sDir().resolve("create-secrets.sh").toString(),
                "--print");
        builder.environment().put("PATH", Manifests.kubectl().getParent() + ":" + System.getenv("PATH"));
        // Never reach a cluster from a test, even by accident.
        builder.environment().put("KUBECONFIG", "/dev/null");
        builder.environment().remove("LETTERMINT_BOOTSTRAP_TEAM_TOKEN");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String yaml;
        try (InputStream out = process.getInputStream()) {
            yaml = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "create-secrets.sh --print did not finish");
        assertEquals(0, process.exitValue(), "create-secrets.sh --print failed");
        KubernetesSerialization serialization = new KubernetesSerialization();
        secrets = new LinkedHashMap<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                Secret secret = serialization.unmarshal(doc, Secret.class);
                assertEquals(Manifests.NAMESPACE, secret.getMetadata().getNamespace());
                secrets.put(secret.getMetadata().getName(), secret);
            }
        }
    }

    @Test
    void createsEverySecretTheProdManifestsReference() {
        Rendered prod = Manifests.render("prod");
        Map<String, Set<String>> referenced = new LinkedHashMap<>();
        prod.podTemplates().values().forEach(template -> {
            for (Container c : template.getSpec().getContainers()) {
                prod.environment(c).values().stream().filter(Rendered.EnvSource::isSecret).forEach(s ->
                        referenced.computeIfAbsent(s.secret(), k -> new TreeSet<>()).add(s.secretKey()));
            }
            for (Volume v : Rendered.nullToEmpty(template.getSpec().getVolumes())) {
                if (v.getSecret() != null) {
                    Set<String> keys = referenced.computeIfAbsent(v.getSecret().getSecretName(), k -> new TreeSet<>());
                    Rendered.nullToEmpty(v.getSecret().getItems()).forEach(i -> keys.add(i.getKey()));
                }
            }
        });
        for (GenericKubernetesResource cluster : prod.custom("Cluster")) {
            for (Object role : Rendered.list(cluster, "spec", "managed", "roles")) {
                Object ref = ((Map<?, ?>) role).get("passwordSecret");
                if (ref instanceof Map<?, ?> r) {
                    referenced.computeIfAbsent((String) r.get("name"), k -> new TreeSet<>())
                            .addAll(List.of("username", "password"));
                }
            }
        }
        prod.all(Ingress.class).forEach(i -> i.getSpec().getTls().forEach(tls ->
                referenced.computeIfAbsent(tls.getSecretName(), k -> new TreeSet<>()).addAll(List.of("tls.crt", "tls.key"))));

        List<String> missing = new ArrayList<>();
        referenced.forEach((name, keys) -> {
            Secret secret = secrets.get(name);
            if (secret == null) {
                missing.add(name);
                return;
            }
            for (String key : keys) {
                if (secret.getData() == null || !secret.getData().containsKey(key)) {
                    missing.add(name + "/" + key);
                }
            }
        });
        assertEquals(List.of(), missing, "Secrets or keys the manifests use but create-secrets.sh does not make");
    }

    @Test
    void secretsHaveTheTypesTheirConsumersNeed() {
        assertEquals("kubernetes.io/tls", secrets.get("mintpost-smtp-tls").getType());
        assertEquals("kubernetes.io/tls", secrets.get("mintpost-api-tls").getType());
        for (String db : List.of("mintpost-db-token-service", "mintpost-db-audit-service")) {
            assertEquals("kubernetes.io/basic-auth", secrets.get(db).getType(), db + ": CloudNativePG's passwordSecret");
            assertEquals("true", secrets.get(db).getMetadata().getLabels().get("cnpg.io/reload"), db);
        }
        assertEquals("token_service", text("mintpost-db-token-service", "username"));
        assertEquals("audit_service", text("mintpost-db-audit-service", "username"));
        assertTrue(text("mintpost-redis", "password").matches("[0-9a-f]{48}"),
                "the redis password goes into a redis:// URL: hex only");
        assertEquals("REQUIRED", text("mintpost-smtp-upstream", "start-tls"));
    }

    @Test
    void generatedBootstrapTeamTokenPassesTheContractsChecksum() {
        String token = text("mintpost-bootstrap", "team-token");
        assertTrue(TokenFormat.isValid(token, TokenKind.TEAM),
                "create-secrets.sh made a team token that token-service would refuse: " + TokenFormat.display(token));
    }

    @Test
    void jwtKeyPairMatchesAndCertificatesParse() throws Exception {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                new PKCS8EncodedKeySpec(pem(text("mintpost-internal-jwt", "private.pem"))));
        RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(
                new X509EncodedKeySpec(pem(text("mintpost-internal-jwt", "public.pem"))));
        assertEquals(privateKey.getModulus(), publicKey.getModulus(), "public.pem is not private.pem's public key");
        assertTrue(publicKey.getModulus().bitLength() >= 2048);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (String name : List.of("mintpost-smtp-tls", "mintpost-api-tls")) {
            X509Certificate cert = (X509Certificate) x509.generateCertificate(
                    new ByteArrayInputStream(text(name, "tls.crt").getBytes(StandardCharsets.US_ASCII)));
            assertNotNull(cert.getSubjectX500Principal(), name);
            rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(text(name, "tls.key"))));
        }
    }

    private static String text(String secret, String key) {
        return new String(Base64.getDecoder().decode(secrets.get(secret).getData().get(key)), StandardCharsets.UTF_8);
    }

    private static byte[] pem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
