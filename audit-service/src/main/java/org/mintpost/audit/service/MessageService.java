package org.mintpost.audit.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.DeliveryEventRepository;
import org.mintpost.audit.repository.DeliveryEventRepository.OwnedMessage;

import io.smallrye.mutiny.Uni;

/** Message status and timelines from delivery events, visible only to the owning team (and project scope). */
@ApplicationScoped
public class MessageService {

    private final DeliveryEventRepository repository;
    private final AuditConfig config;

    public MessageService(DeliveryEventRepository repository, AuditConfig config) {
        this.repository = repository;
        this.config = config;
    }

    public Uni<MessageSummary> message(Caller caller, String messageId) {
        return visible(caller, messageId).map(OwnedMessage::summary);
    }

    public Uni<List<MessageEventEntry>> events(Caller caller, String messageId) {
        return visible(caller, messageId).chain(m -> repository.timeline(messageId, config.maxMessageEvents()));
    }

    private Uni<OwnedMessage> visible(Caller caller, String messageId) {
        if (!Text.usableId(messageId)) {
            return Uni.createFrom().failure(new ResourceNotFoundException("Message not found."));
        }
        return repository.latest(messageId).chain(found -> {
            if (found.isEmpty() || !caller.sees(found.get().teamId(), found.get().projectId())) {
                return Uni.createFrom().failure(new ResourceNotFoundException("Message not found."));
            }
            return Uni.createFrom().item(found.get());
        });
    }
}
