package org.mintpost.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;

import org.mintpost.contracts.token.InternalClaims;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * An RSA key pair made at run time for one test JVM, written as PEM files outside the source tree
 * (private keys are never committed), plus a signer for internal JWTs as the edge makes them.
 */
public final class JwtKeys {

    private static JwtKeys shared;

    private final KeyPair pair;
    private final Path privatePem;
    private final Path publicPem;

    private JwtKeys(KeyPair pair, Path dir) throws IOException {
        this.pair = pair;
        this.privatePem = dir.resolve("private.pem");
        this.publicPem = dir.resolve("public.pem");
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    public static synchronized JwtKeys shared() {
        if (shared == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                Path dir = Files.createTempDirectory("mintpost-jwt");
                dir.toFile().deleteOnExit();
                shared = new JwtKeys(generator.generateKeyPair(), dir);
                shared.privatePem.toFile().deleteOnExit();
                shared.publicPem.toFile().deleteOnExit();
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("could not make a test key pair", e);
            }
        }
        return shared;
    }

    public Path privateKeyPem() {
        return privatePem;
    }

    public Path publicKeyPem() {
        return publicPem;
    }

    public PrivateKey privateKey() {
        return pair.getPrivate();
    }

    /** An internal JWT for a team caller (team token or SSO) holding {@code permissions}. */
    public String teamCaller(String teamId, String tokenId, Collection<String> permissions) {
        JwtClaimsBuilder claims = Jwt.issuer(InternalClaims.DEFAULT_ISSUER)
                .subject(tokenId == null ? "sso-user" : tokenId)
                .groups(Set.copyOf(permissions))
                .claim(InternalClaims.TEAM_ID, teamId)
                .claim(InternalClaims.CALLER_KIND, tokenId == null ? "sso" : "team")
                .claim(InternalClaims.ACTOR, tokenId == null ? "sso:sso-user" : "team_token:" + tokenId)
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(60);
        if (tokenId != null) {
            claims.claim(InternalClaims.TOKEN_ID, tokenId);
        }
        return claims.sign(pair.getPrivate());
    }

    /** An internal JWT for the edge's own service calls (the cache-miss token lookup). */
    public String service() {
        return Jwt.issuer(InternalClaims.DEFAULT_ISSUER)
                .subject("send-gateway")
                .groups(Set.of(InternalClaims.SERVICE_GROUP))
                .claim(InternalClaims.CALLER_KIND, "service")
                .expiresIn(60)
                .sign(pair.getPrivate());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
