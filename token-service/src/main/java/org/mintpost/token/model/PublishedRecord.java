package org.mintpost.token.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * A team's row that its compacted change topic publishes (domains, routes, suppressions): each change raises
 * {@code revision} and names its actor.
 */
@MappedSuperclass
public abstract class PublishedRecord extends TeamRecord {

    @Column(nullable = false)
    public long revision;

    @Column(name = "last_actor", length = 300)
    public String lastActor;

    /** Marks a change by {@code actor} at {@code now}: the next revision, the one its event carries. */
    public void changed(String actor, Instant now) {
        revision = revision + 1;
        lastActor = actor;
        updatedAt = now;
    }
}
