package org.mintpost.token.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

@Entity
@Table(name = "projects")
@DynamicUpdate
public class Project extends TeamRecord {

    @Column(nullable = false, length = 255)
    public String name;

    @Column(name = "smtp_enabled", nullable = false)
    public boolean smtpEnabled;

    @Column(name = "redact_email_content", nullable = false)
    public boolean redactEmailContent;

    /** {@code live} or {@code sandbox} (no SMTP transaction). */
    @Column(name = "delivery_mode", nullable = false, length = 16)
    public String deliveryMode = "live";

    /** Tokens of this project get the 22-character body ({@code short_token: true} at creation). */
    @Column(name = "short_tokens", nullable = false)
    public boolean shortTokens;

    /** Active project tokens unused for this many days are revoked (reason {@code inactive}); null: off. */
    @Column(name = "auto_revoke_inactive_days")
    public Integer autoRevokeInactiveDays;
}
