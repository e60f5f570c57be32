package org.mintpost.token.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.mintpost.contracts.event.DomainChanged;

/** Opens a sealed key with the test KEK (the JDK's AES-GCM, not our code) and proves it is the public key's pair. */
final class SealedKeys {

    static final String TEST_KEK = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";

    private SealedKeys() {
    }

    static void assertOpensToTheKeyOf(DomainChanged.DkimKey key, String domainId) {
        byte[] pkcs8 = open(key.sealedPrivateKey(), domainId + "/" + key.selector());
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKey())));
            byte[] data = "a DKIM header hash".getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(data);
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(data);
            assertTrue(verifier.verify(signer.sign()), "the sealed private key is the pair of the published key");
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertThrows(AEADBadTagException.class, () -> openOrThrow(key.sealedPrivateKey(), "other/" + key.selector()),
                "bound to its domain and selector");
    }

    static byte[] open(String sealed, String aad) {
        try {
            return openOrThrow(sealed, aad);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] openOrThrow(String sealed, String aad) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(sealed));
        assertEquals(1, in.get(), "version");
        byte[] iv = new byte[12];
        in.get(iv);
        byte[] rest = Arrays.copyOfRange(in.array(), 13, in.array().length);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(TEST_KEK), "AES"),
                new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(rest);
    }
}
