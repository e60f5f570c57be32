package org.mintpost.token.suppressions;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.mintpost.token.model.PublishedRecord;

/** One entry of a team's suppression list; a removed entry keeps its row with {@code deletedAt} set. */
@Entity
@Table(name = "suppressions")
public class Suppression extends PublishedRecord {

    /** {@code team}, {@code project} or {@code route}. */
    @Column(nullable = false, length = 16)
    public String scope;

    @Column(name = "project_id")
    public UUID projectId;

    @Column(name = "route_id", length = 64)
    public String routeId;

    /** {@code email}, {@code domain} or {@code extension}. */
    @Column(nullable = false, length = 16)
    public String type;

    /** Lower case: the address, the domain, or the extension with its leading dot. */
    @Column(nullable = false, length = 320)
    public String value;

    @Column(nullable = false, length = 32)
    public String reason;

    @Column(name = "source_message_id", length = 64)
    public String sourceMessageId;

    @Column(name = "source_subject", length = 998)
    public String sourceSubject;

    @Column(name = "source_created_at")
    public Instant sourceCreatedAt;
}
