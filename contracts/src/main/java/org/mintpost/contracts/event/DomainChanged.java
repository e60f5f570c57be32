package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The full current state of one sending domain after a change (topic {@code domain-changes}, key domain
 * id, compacted). Published by token-service, the domains' owner; the edge reads it for the sender policy
 * (is a From domain verified for the token's project?), the workers for DKIM signing. A consumer keeps
 * the record with the highest {@code revision} per domain.
 *
 * <p>Private keys travel only sealed: AES-256-GCM under the platform's key-encryption key
 * ({@code mintpost.dkim.key-encryption-key}), which only token-service and dispatch-worker hold. No
 * plaintext key is ever in a record, a log line or an error.
 *
 * @param change         {@code created}, {@code updated} (projects), {@code verified} (a status change after a
 *                       DNS check), {@code rotated} (DKIM keys), {@code deleted}
 * @param domain         the domain name, lower case, without a trailing dot
 * @param status         {@code pending_verification}, {@code partially_verified}, {@code verified},
 *                       {@code failed_verification}, or {@code deleted}
 * @param projectIds     the projects allowed to send from the domain
 * @param activeSelector the selector whose key signs now
 * @param keys           every key still published (the active one, the standby, a retired one in its grace)
 * @param revision       strictly increasing per domain
 * @param actor          who made the change, e.g. {@code team_token:<id>}, {@code sso:<subject>}, {@code system}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DomainChanged(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String change,
        String domainId,
        String teamId,
        String domain,
        String status,
        List<String> projectIds,
        String activeSelector,
        List<DkimKey> keys,
        long revision,
        String actor) {

    public static final int SCHEMA_VERSION = 1;

    public static final String STATUS_VERIFIED = "verified";
    public static final String STATUS_PARTIALLY_VERIFIED = "partially_verified";
    public static final String STATUS_PENDING = "pending_verification";
    public static final String STATUS_FAILED = "failed_verification";
    public static final String STATUS_DELETED = "deleted";

    public static final String CHANGE_CREATED = "created";
    public static final String CHANGE_UPDATED = "updated";
    public static final String CHANGE_VERIFIED = "verified";
    public static final String CHANGE_ROTATED = "rotated";
    public static final String CHANGE_DELETED = "deleted";

    public boolean isVerified() {
        return STATUS_VERIFIED.equals(status);
    }

    /**
     * One DKIM key of the domain.
     *
     * @param selector      the DNS selector ({@code <selector>._domainkey.<domain>})
     * @param role          {@code active} (signs now), {@code standby} (published, next to sign),
     *                      {@code retired} (no longer signs; kept published while mail signed with it is in flight)
     * @param algorithm     {@code rsa-sha256}
     * @param publicKey     base64 of the DER SubjectPublicKeyInfo (the {@code p=} of the TXT record)
     * @param sealedPrivateKey base64 of {@code version | iv | AES-256-GCM(PKCS#8 DER)}; the additional
     *                      authenticated data is {@code <domain_id>/<selector>}, so a sealed key opens only as
     *                      the key of that domain and selector
     * @param kekId         which key-encryption key sealed it (first 16 hex of its sha256)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DkimKey(String selector, String role, String algorithm, String publicKey,
            String sealedPrivateKey, String kekId) {

        public static final String ROLE_ACTIVE = "active";
        public static final String ROLE_STANDBY = "standby";
        public static final String ROLE_RETIRED = "retired";
    }
}
