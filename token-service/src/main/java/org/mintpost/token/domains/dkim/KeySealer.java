package org.mintpost.token.domains.dkim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals DKIM private keys with AES-256-GCM under the key-encryption key (KEK). A sealed key is base64 of
 * {@code version (1 byte) | iv (12 bytes) | ciphertext + tag (16 bytes)}, with {@code <domain_id>/<selector>}
 * as additional authenticated data: it opens only as the key of that domain and selector, and any change
 * to it fails to open. Neither the KEK nor a plaintext key appears in any message this class produces.
 *
 * <p>The same format is opened by dispatch-worker's {@code KeyOpener}; {@code DkimSigningTest} there opens
 * keys sealed here.
 */
public final class KeySealer {

    public static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec kek;
    private final String kekId;
    private final SecureRandom random = new SecureRandom();

    private KeySealer(byte[] key) {
        this.kek = new SecretKeySpec(key, "AES");
        this.kekId = id(key);
    }

    /** @throws IllegalArgumentException when the value is not base64 of exactly 32 bytes (the value is not echoed) */
    public static KeySealer of(String base64Kek) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Kek.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key-encryption key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes (AES-256), it is "
                    + key.length);
        }
        return new KeySealer(key);
    }

    /** First 16 hex digits of the KEK's sha256: names the KEK without revealing it. */
    public String kekId() {
        return kekId;
    }

    public String seal(byte[] plaintext, String domainId, String selector) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(domainId, selector));
            byte[] sealed = cipher.doFinal(plaintext);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(1 + IV_BYTES + sealed.length)
                    .put(VERSION).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
        }
    }

    static byte[] aad(String domainId, String selector) {
        return (domainId + "/" + selector).getBytes(StandardCharsets.UTF_8);
    }

    private static String id(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
