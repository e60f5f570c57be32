package org.mintpost.dispatch.dkim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens DKIM private keys sealed by token-service ({@code KeySealer}: base64 of {@code version | iv |
 * AES-256-GCM(PKCS#8)} with {@code <domain_id>/<selector>} as additional data) into keys held only in this
 * process's memory. The plaintext bytes are zeroed once the key object is made; failures never carry key
 * material.
 */
public final class KeyOpener {

    private static final int IV_BYTES = 12;

    private final SecretKeySpec kek;
    private final String kekId;

    public KeyOpener(String base64Kek) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Kek.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mintpost.dkim.key-encryption-key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("mintpost.dkim.key-encryption-key must be 32 bytes (AES-256)");
        }
        this.kek = new SecretKeySpec(key, "AES");
        try {
            this.kekId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String kekId() {
        return kekId;
    }

    /** @throws GeneralSecurityException when the key was sealed under another KEK, for another domain, or altered */
    public PrivateKey open(String sealed, String domainId, String selector) throws GeneralSecurityException {
        byte[] all = Base64.getDecoder().decode(sealed);
        ByteBuffer in = ByteBuffer.wrap(all);
        if (all.length < 1 + IV_BYTES + 16 || in.get() != 1) {
            throw new GeneralSecurityException("not a sealed key of a known version");
        }
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, iv));
        cipher.updateAAD((domainId + "/" + selector).getBytes(StandardCharsets.UTF_8));
        byte[] pkcs8 = cipher.doFinal(all, 1 + IV_BYTES, all.length - 1 - IV_BYTES);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
