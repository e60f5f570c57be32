package org.mintpost.token.domains;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A DKIM key pair of a domain. The private key is only ever held sealed (AES-256-GCM under the
 * key-encryption key, {@link org.mintpost.token.domains.dkim.KeySealer}); it is opened nowhere in this service.
 */
@Entity
@Table(name = "dkim_keys")
public class DkimKey {

    @Id
    public UUID id;

    @Column(name = "domain_id", nullable = false)
    public UUID domainId;

    @Column(nullable = false, length = 63)
    public String selector;

    /** {@code active}, {@code standby} or {@code retired} ({@code DomainChanged.DkimKey} roles). */
    @Column(nullable = false, length = 16)
    public String role;

    /** Base64 of the DER SubjectPublicKeyInfo: the {@code p=} of the DKIM TXT record. */
    @Column(name = "public_key", nullable = false, columnDefinition = "text")
    public String publicKey;

    @Column(name = "sealed_private_key", nullable = false, columnDefinition = "text")
    public String sealedPrivateKey;

    @Column(name = "kek_id", nullable = false, length = 16)
    public String kekId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Override
    public String toString() {
        return "DkimKey[" + selector + ", " + role + "]";
    }
}
