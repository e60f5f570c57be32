package org.mintpost.token.domains;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import org.mintpost.token.model.PublishedRecord;

/** A team's sending domain: its verification state and the projects allowed to send from it. */
@Entity
@Table(name = "domains")
public class Domain extends PublishedRecord {

    public static final String PENDING = "pending_verification";
    public static final String PARTIALLY_VERIFIED = "partially_verified";
    public static final String VERIFIED = "verified";
    public static final String FAILED = "failed_verification";
    public static final String LEGACY_TXT = "legacy_txt";

    /** Lower case, ASCII (an IDN is kept in its {@code xn--} form), no trailing dot. */
    @Column(nullable = false, length = 253)
    public String domain;

    @Column(nullable = false, length = 32)
    public String status;

    @Column(name = "status_changed_at", nullable = false)
    public Instant statusChangedAt;

    /** Why the last check did not settle the status (a DNS timeout, a SERVFAIL); null when it did. */
    @Column(name = "status_reason", length = 500)
    public String statusReason;

    @Column(name = "dkim_mode", nullable = false, length = 16)
    public String dkimMode;

    /** The number in the next DKIM selector made for this domain ({@code mp<n>}). */
    @Column(name = "next_selector", nullable = false)
    public int nextSelector;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    /** When the scheduler checks the DNS next; null: not scheduled. */
    @Column(name = "next_check_at")
    public Instant nextCheckAt;

    /** Scheduled checks in a row that did not verify the domain (the backoff grows with it). */
    @Column(name = "check_failures", nullable = false)
    public int checkFailures;


    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "domain_projects", joinColumns = @JoinColumn(name = "domain_id"))
    @Column(name = "project_id")
    public Set<UUID> projectIds = new HashSet<>();

    public boolean isVerified() {
        return VERIFIED.equals(status);
    }
}
