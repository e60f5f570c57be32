package org.mintpost.token.repository;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.model.OutboxEntry;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {
}
