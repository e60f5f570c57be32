package org.mintpost.token.domains;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One DNS record a user publishes for a domain, and what the last look-up found. */
@Entity
@Table(name = "domain_dns_records")
public class DomainDnsRecord {

    public static final String ACTIVE = "active";
    public static final String FAILED = "failed";
    public static final String PENDING = "pending";

    public static final String DKIM_PRIMARY = "dkim_primary";
    public static final String DKIM_SECONDARY = "dkim_secondary";
    public static final String DKIM_LEGACY = "dkim_legacy";
    public static final String RETURN_PATH = "return_path";
    public static final String DMARC = "dmarc";

    public static final String REQUIRED = "required";
    public static final String RECOMMENDED = "recommended";
    public static final String DEPRECATED = "deprecated";

    @Id
    public UUID id;

    @Column(name = "domain_id", nullable = false)
    public UUID domainId;

    @Column(nullable = false)
    public int position;

    /** {@code TXT}, {@code CNAME} or {@code MX}. */
    @Column(nullable = false, length = 8)
    public String type;

    /** The name relative to the domain, as a DNS provider's form asks for it ({@code mp1._domainkey}). */
    @Column(nullable = false, length = 253)
    public String hostname;

    @Column(nullable = false, length = 253)
    public String fqdn;

    @Column(nullable = false, columnDefinition = "text")
    public String content;

    @Column(nullable = false, length = 32)
    public String purpose;

    @Column(name = "verification_scope", nullable = false, length = 16)
    public String verificationScope;

    @Column(nullable = false)
    public boolean required;

    /** The DKIM selector of a DKIM record, else null. */
    @Column(length = 63)
    public String selector;

    @Column(nullable = false, length = 16)
    public String status;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    /** What the last look-up found wrong (missing, other content, a DNS error); null when it matched. */
    @Column(name = "last_error", length = 500)
    public String lastError;
}
