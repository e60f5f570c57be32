package org.mintpost.token.domains.dkim;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.domains.DkimKey;
import org.mintpost.token.domains.DomainsConfig;

import io.quarkus.logging.Log;

/**
 * Makes DKIM key pairs (RSA 2048): the public key as the TXT record's {@code p=}, the private key sealed at
 * once under the key-encryption key; the plaintext private key exists only inside {@link #create} and its
 * bytes are zeroed before it returns.
 */
@ApplicationScoped
public class DkimKeyFactory {

    public static final int RSA_BITS = 2048;

    private final Optional<KeySealer> sealer;

    public DkimKeyFactory(DomainsConfig config) {
        Optional<String> kek = config.dkim().keyEncryptionKey().filter(k -> !k.isBlank());
        this.sealer = kek.map(KeySealer::of);
        if (sealer.isEmpty()) {
            Log.warn("mintpost.dkim.key-encryption-key is not set: sending domains cannot be created");
        }
    }

    public boolean available() {
        return sealer.isPresent();
    }

    /** A new key of {@code domainId} under {@code selector}, in the given role. */
    public DkimKey create(UUID domainId, String selector, String role, Instant now) {
        KeySealer seal = sealer.orElseThrow(() -> new IllegalStateException("no key-encryption key"));
        KeyPair pair = generate();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        DkimKey key = new DkimKey();
        key.id = UUID.randomUUID();
        key.domainId = domainId;
        key.selector = selector;
        key.role = role;
        key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        try {
            key.sealedPrivateKey = seal.seal(pkcs8, domainId.toString(), selector);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        key.kekId = seal.kekId();
        key.createdAt = now;
        return key;
    }

    /** The TXT record's content for a public key. */
    public static String txtRecord(String publicKey) {
        return "v=DKIM1; k=rsa; p=" + publicKey;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
