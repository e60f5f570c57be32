package org.mintpost.webhook.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.webhook.config.WebhookConfig;

/**
 * Makes webhook signing secrets and seals them at rest with AES-256-GCM under {@code mintpost.webhooks.secret-key}
 * (the webhook id is the associated data, so a sealed secret cannot be moved to another webhook).
 */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "whsec_";
    private static final int NONCE = 12;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public SecretBox(WebhookConfig config) {
        this.key = keyOf(config.secretKey());
    }

    static SecretKeySpec keyOf(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new IllegalStateException("mintpost.webhooks.secret-key must be 32 bytes, base64 (openssl rand -base64 32)");
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** A new signing secret: {@code whsec_} and 32 random bytes, base64url. */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String seal(String webhookId, String secret) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a webhook secret", e);
        }
    }

    public String open(String webhookId, String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a webhook secret cannot be opened (wrong mintpost.webhooks.secret-key?)");
        }
    }
}
