package org.mintpost.token.model;

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
}
