package org.mintpost.dispatch.direct;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Self-signed certificates made with the JDK's keytool for the test's TLS servers, and a trust store of some. */
final class TestCerts {

    static final String PASSWORD = "changeit";

    private final Path dir;

    TestCerts() throws IOException {
        this.dir = Files.createTempDirectory("direct-certs");
    }

    /** A key store holding one key pair whose certificate names {@code dnsName}. */
    Path keyStore(String alias, String dnsName) throws IOException, InterruptedException {
        Path file = dir.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + dnsName, "-ext", "san=dns:" + dnsName, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return file;
    }

    /** A trust store with the certificates of the given key stores (by the alias they were made with). */
    Path trustStore(String... aliases) throws IOException, InterruptedException {
        Path file = dir.resolve("trust.p12");
        for (String alias : aliases) {
            Path pem = dir.resolve(alias + ".pem");
            keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(),
                    "-storepass", PASSWORD, "-file", pem.toString());
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(), "-storetype", "PKCS12",
                    "-keystore", file.toString(), "-storepass", PASSWORD);
        }
        return file;
    }

    static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }
}
