package org.mintpost.testing;

import java.util.Map;

import org.mintpost.contracts.token.InternalClaims;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Wires the test JVM's key pair into both the verifying side and, for the edge, the signing side. */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        JwtKeys keys = JwtKeys.shared();
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString(),
                "mp.jwt.verify.issuer", InternalClaims.DEFAULT_ISSUER,
                "smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
    }

    @Override
    public void stop() {
    }
}
