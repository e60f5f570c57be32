package org.mintpost.token.routes;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.mintpost.token.model.PublishedRecord;

/**
 * One route of a project: a named stream of mail ({@code transactional}, {@code broadcast}, {@code inbound}) that
 * a send picks by its slug. Exactly one live route of a project is its default. Settings left null mean the
 * platform's default.
 */
@Entity
@Table(name = "routes")
public class Route extends PublishedRecord {

    public static final String TRANSACTIONAL = "transactional";
    public static final String BROADCAST = "broadcast";
    public static final String INBOUND = "inbound";

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    /** Lower case letters, digits, {@code -} and {@code _}; unique among the project's live routes. */
    @Column(nullable = false, length = 100)
    public String slug;

    @Column(nullable = false, length = 255)
    public String name;

    @Column(name = "route_type", nullable = false, length = 16)
    public String routeType;

    @Column(name = "is_default", nullable = false)
    public boolean isDefault;

    @Column(name = "track_opens")
    public Boolean trackOpens;

    @Column(name = "track_clicks")
    public Boolean trackClicks;

    @Column(name = "generate_plaintext_fallback")
    public Boolean generatePlaintextFallback;

    @Column(name = "suppress_auto_responders")
    public Boolean suppressAutoResponders;

    @Column(name = "suppress_disposable_recipients")
    public Boolean suppressDisposableRecipients;

    /** {@code opportunistic} or {@code enforced}. */
    @Column(length = 16)
    public String tls;

    @Column(name = "disable_hosted_unsubscribe")
    public Boolean disableHostedUnsubscribe;

    @Column(name = "redact_email_content")
    public Boolean redactEmailContent;
}
