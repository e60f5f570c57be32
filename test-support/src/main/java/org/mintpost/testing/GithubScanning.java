package org.mintpost.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The scanner's side of GitHub's secret-scanning partner request, as a test plays it: a P-256 key of its own (its
 * public half published in a keys file) and the {@code Github-Public-Key-Signature} over a request body.
 */
public final class GithubScanning {

    private GithubScanning() {
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** The body's SHA-256 ECDSA signature, base64 (DER), as GitHub sends it. */
    public static String sign(String body, KeyPair signer) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer.getPrivate());
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
