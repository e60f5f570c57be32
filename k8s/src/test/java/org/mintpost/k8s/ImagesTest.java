package org.mintpost.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images the manifests run are the ones the services' Jib builds produce: same group and
 * name, a non-root user, and the daemonless tar writer that build-images.sh hands to Jib.
 * (The image build itself takes minutes: it is k8s/build-images.sh, run outside the unit tests.)
 */
class ImagesTest {

    @Test
    void everyServiceBuildsItsImageWithJibUnderTheManifestsName() throws IOException {
        Rendered prod = Manifests.render("prod");
        for (String service : Manifests.SERVICES.keySet()) {
            String pom = Files.readString(Manifests.repoRoot().resolve(service).resolve("pom.xml"));
            assertTrue(pom.contains("<artifactId>quarkus-container-image-jib</artifactId>"),
                    service + "/pom.xml lacks the Quarkus Jib extension");
            assertTrue(pom.contains("<artifactId>" + service + "</artifactId>"),
                    service + ": the image name is the artifactId");
            Map<String, String> properties = ServiceProperties.of(service)
                    .orElseThrow(() -> new AssertionError(service + " has no application.properties"))
                    .effective();
            assertEquals(Images.GROUP, properties.get("quarkus.container-image.group"),
                    service + ": quarkus.container-image.group");
            assertEquals(null, properties.get("quarkus.container-image.name"),
                    service + ": the name must stay the artifactId, as in the manifests");
            String user = properties.get("quarkus.jib.user");
            assertTrue(user != null && user.matches("[1-9][0-9]*"), service + ": quarkus.jib.user is a non-root uid");
            Container container = prod.container(service);
            assertTrue(container.getImage().startsWith(Images.GROUP + "/" + service + ":"), container.getImage());
            Long runAs = prod.deployment(service).getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
            assertEquals(Long.parseLong(user), runAs, service + ": the pod runs as the image's user");
        }
        String script = Files.readString(Manifests.k8sDir().resolve("build-images.sh"));
        assertTrue(script.contains("-Dquarkus.container-image.group=" + Images.GROUP), "build-images.sh group");
        for (String service : Manifests.SERVICES.keySet()) {
            assertTrue(script.contains(service), "build-images.sh does not build " + service);
        }
    }

    @Test
    void dockerToTarWritesTheLoadedImageUnderItsName(@TempDir Path dir) throws Exception {
        // A minimal `docker save` tarball, as Jib streams it to `docker load`.
        Path image = dir.resolve("in");
        Files.createDirectories(image);
        Files.writeString(image.resolve("manifest.json"),
                "[{\"Config\":\"config.json\",\"RepoTags\":[\"mintpost/send-gateway:1.0.0-SNAPSHOT\"],\"Layers\":[]}]");
        Files.writeString(image.resolve("config.json"), "{}");
        Path tar = dir.resolve("image.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", image.toString(), "-cf", tar.toString(),
                "manifest.json", "config.json").inheritIO().start().waitFor());

        Path out = dir.resolve("images");
        Result load = run(out, tar, "load");
        assertEquals(0, load.exit(), load.output());
        assertTrue(load.output().contains("Loaded image: mintpost/send-gateway:1.0.0-SNAPSHOT"), load.output());
        assertEquals(-1, Files.mismatch(tar, out.resolve("send-gateway.tar")), "the tarball is written unchanged");

        Result info = run(out, null, "info", "-f", "{{json .}}");
        assertEquals(0, info.exit());
        assertTrue(info.output().contains("\"OSType\":\"linux\""), info.output());

        Result other = run(out, null, "push", "x");
        assertNotEquals(0, other.exit(), "anything but info and load must fail loudly");
    }

    record Result(int exit, String output) {
    }

    private static Result run(Path outDir, Path stdin, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Manifests.k8sDir().resolve("docker-to-tar.sh").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("IMAGE_TAR_DIR", outDir.toString());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }
}
