package org.mintpost.audit.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.MessageQuery;
import org.mintpost.audit.repository.MessageRepository;
import org.mintpost.contracts.token.InternalCaller;

import io.smallrye.mutiny.Uni;

/** Messages, their status and timelines from delivery events, visible only to the owning team (and project scope). */
@ApplicationScoped
public class MessageService {

    private final MessageRepository repository;
    private final AuditConfig config;

    public MessageService(MessageRepository repository, AuditConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** A page of rows and the cursor of the next page (null on the last). */
    public record Page<T>(List<T> items, int perPage, String nextCursor) {
    }

    public Uni<Page<MessageView>> list(InternalCaller caller, MessageListParams params) {
        MessageQuery query;
        try {
            query = MessageListValidator.validate(caller, params, config.messagesDefaultPageSize(),
                    config.messagesMaxPageSize());
        } catch (InvalidRequestException e) {
            return Uni.createFrom().failure(e);
        }
        int size = query.limit() - 1;
        return repository.page(query).map(rows -> {
            if (rows.size() <= size) {
                return new Page<>(rows, size, null);
            }
            List<MessageView> items = List.copyOf(rows.subList(0, size));
            MessageView last = items.get(size - 1);
            return new Page<>(items, size, new PageCursor(last.createdAt(), last.id()).encode());
        });
    }

    public Uni<MessageView> message(InternalCaller caller, String messageId) {
        return visible(caller, messageId);
    }

    public Uni<Page<MessageEventEntry>> events(InternalCaller caller, String messageId, String pageSize, String cursor) {
        int max = config.maxMessageEvents();
        int size = Math.min(config.messagesDefaultPageSize(), max);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (pageSize != null && !pageSize.isBlank()) {
            String v = pageSize.trim();
            if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < 1) {
                errors.put("page.size", List.of("The page size must be a positive integer (at most " + max
                        + " are returned)."));
            } else {
                size = Math.min(Integer.parseInt(v), max);
            }
        }
        Long after = null;
        if (cursor != null && !cursor.isBlank()) {
            Optional<PageCursor> decoded = PageCursor.decode(cursor);
            if (decoded.isEmpty() || !decoded.get().key().matches("[0-9]{1,18}")) {
                errors.put("page.cursor", List.of("The cursor is invalid."));
            } else {
                after = Long.parseLong(decoded.get().key());
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidRequestException(errors));
        }
        int pageLimit = size;
        Long afterId = after;
        return visible(caller, messageId).chain(m -> repository.timeline(messageId, afterId, pageLimit + 1))
                .map(rows -> {
                    if (rows.size() <= pageLimit) {
                        return new Page<>(rows, pageLimit, null);
                    }
                    List<MessageEventEntry> items = List.copyOf(rows.subList(0, pageLimit));
                    MessageEventEntry last = items.get(pageLimit - 1);
                    return new Page<>(items, pageLimit, new PageCursor(last.at(), Long.toString(last.id())).encode());
                });
    }

    private Uni<MessageView> visible(InternalCaller caller, String messageId) {
        if (!Text.usableId(messageId)) {
            return Uni.createFrom().failure(new ResourceNotFoundException("Message not found."));
        }
        return repository.find(messageId).chain(found -> {
            if (found.isEmpty() || !caller.sees(found.get().teamId(), found.get().projectId())) {
                return Uni.createFrom().failure(new ResourceNotFoundException("Message not found."));
            }
            return Uni.createFrom().item(found.get());
        });
    }
}
