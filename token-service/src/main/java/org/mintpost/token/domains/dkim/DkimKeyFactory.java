package org.mintpost.token.domains.dkim;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.token.domains.DkimKey;
import org.mintpost.token.domains.DomainsConfig;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes DKIM key pairs (RSA 2048): the public key as the TXT record's {@code p=}, the private key sealed at
 * once under the key-encryption key; the plaintext private key exists only in memory (a few made ahead, see
 * {@link ReadyKeyPairs}, and inside {@link #create}, whose encoded copy is zeroed before it returns).
 */
@ApplicationScoped
public class DkimKeyFactory {

    public static final int RSA_BITS = 2048;

    /** Pairs made ahead: two domains' worth. */
    static final int READY = 4;

    private final Optional<KeySealer> sealer;
    private final ReadyKeyPairs ready = new ReadyKeyPairs(READY, DkimKeyFactory::generate);

    public DkimKeyFactory(DomainsConfig config) {
        Optional<String> kek = config.dkim().keyEncryptionKey().filter(k -> !k.isBlank());
        this.sealer = kek.map(KeySealer::of);
        if (sealer.isEmpty()) {
            Log.warn("mintpost.dkim.key-encryption-key is not set: sending domains cannot be created");
        }
    }

    void start(@Observes StartupEvent event) {
        if (available()) {
            ready.fill();
        }
    }

    @PreDestroy
    void stop() {
        ready.close();
    }

    public boolean available() {
        return sealer.isPresent();
    }

    /** A new key of {@code domainId} under {@code selector}, in the given role. */
    public DkimKey create(UUID domainId, String selector, String role, Instant now) {
        KeySealer seal = sealer.orElseThrow(() -> new IllegalStateException("no key-encryption key"));
        KeyPair pair = ready.take();
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

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
