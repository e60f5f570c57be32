package org.mintpost.webhook.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature the SDK's {@code Webhook} class checks: header {@code X-Lettermint-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body)>} and {@code X-Lettermint-Delivery: <t>}.
 */
public final class Signature {

    public static final String SIGNATURE_HEADER = "X-Lettermint-Signature";
    public static final String DELIVERY_HEADER = "X-Lettermint-Delivery";

    private Signature() {
    }

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
    }

    static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
