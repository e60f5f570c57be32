package org.mintpost.token.leaks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * GitHub's secret-scanning signatures: ECDSA P-256 with SHA-256 over the raw request body, DER-encoded
 * and base64 in {@code Github-Public-Key-Signature}; keys in GitHub's {@code public_keys} JSON format.
 */
public final class SignatureCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SignatureCheck() {
    }

    /** Key identifier → P-256 public key; entries that are not P-256 PEM keys are left out. */
    public static Map<String, PublicKey> parseKeys(String publicKeysJson) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(publicKeysJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the keys document is not JSON");
        }
        JsonNode list = root == null ? null : root.get("public_keys");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("the keys document has no public_keys array");
        }
        for (JsonNode entry : list) {
            String id = entry.path("key_identifier").asText("");
            PublicKey key = p256(entry.path("key").asText(""));
            if (!id.isEmpty() && key != null) {
                keys.put(id, key);
            }
        }
        return keys;
    }

    /** True when {@code signatureBase64} is a valid signature of {@code body} by {@code key}. Never throws. */
    public static boolean verifies(PublicKey key, byte[] body, String signatureBase64) {
        if (key == null || body == null || signatureBase64 == null || signatureBase64.isBlank()) {
            return false;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(signatureBase64.trim());
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static PublicKey p256(String pem) {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64
                            .getBytes(StandardCharsets.US_ASCII))));
            boolean p256 = key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
            return p256 ? key : null;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }
}
