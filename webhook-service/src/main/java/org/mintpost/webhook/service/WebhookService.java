package org.mintpost.webhook.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.token.InternalCaller;
import org.mintpost.webhook.config.WebhookConfig;
import org.mintpost.webhook.messaging.RouteDirectory;
import org.mintpost.webhook.repository.WebhookQuery;
import org.mintpost.webhook.repository.WebhookRepository;
import org.mintpost.webhook.repository.WebhookRow;

/** Webhooks of the caller's team: create, read, change, delete, new secret. */
@ApplicationScoped
public class WebhookService {

    static final int MAX_NAME = 255;
    static final int MAX_URL = 2048;

    private final WebhookRepository repository;
    private final RouteDirectory routes;
    private final SecretBox secrets;
    private final TargetGuard guard;
    private final WebhookConfig config;

    public WebhookService(WebhookRepository repository, RouteDirectory routes, SecretBox secrets, TargetGuard guard,
            WebhookConfig config) {
        this.repository = repository;
        this.routes = routes;
        this.secrets = secrets;
        this.guard = guard;
        this.config = config;
    }

    public Webhook create(InternalCaller caller, WebhookDraft draft) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (draft.routeId() == null || draft.routeId().isBlank()) {
            errors.put("route_id", List.of("The route id field is required."));
        }
        checkName(draft.name(), true, errors);
        checkUrl(draft.url(), true, errors);
        checkEvents(draft.events(), true, errors);
        DeliveryModes.check(draft.deliveryModeFilter(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        RouteDirectory.Route route = routes.routeAfterSync(draft.routeId(), Duration.ofSeconds(3));
        if (route == null || !caller.sees(route.teamId(), route.projectId())) {
            throw new NotFoundException("Route not found.");
        }
        String id = UUID.randomUUID().toString();
        String secret = secrets.newSecret();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        WebhookRow row = new WebhookRow(id, route.teamId(), route.projectId(), route.id(), draft.name().trim(),
                draft.url().trim(), distinct(draft.events()), draft.enabled() == null || draft.enabled(),
                Boolean.TRUE.equals(draft.includeMachineEvents()), secrets.seal(id, secret), null, null, now, now,
                draft.deliveryModeFilter() == null ? DeliveryModes.DEFAULT_FILTER : draft.deliveryModeFilter());
        repository.insert(row);
        return view(row, secret);
    }

    public Webhook get(InternalCaller caller, String id) {
        return view(visible(caller, id), null);
    }

    public Webhook update(InternalCaller caller, String id, WebhookDraft draft) {
        WebhookRow old = visible(caller, id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        checkName(draft.name(), false, errors);
        checkUrl(draft.url(), false, errors);
        checkEvents(draft.events(), false, errors);
        DeliveryModes.check(draft.deliveryModeFilter(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        WebhookRow row = new WebhookRow(old.id(), old.teamId(), old.projectId(), old.routeId(),
                draft.name() == null ? old.name() : draft.name().trim(),
                draft.url() == null ? old.url() : draft.url().trim(),
                draft.events() == null ? old.events() : distinct(draft.events()),
                draft.enabled() == null ? old.enabled() : draft.enabled(),
                draft.includeMachineEvents() == null ? old.includeMachineEvents() : draft.includeMachineEvents(),
                old.secretSealed(), old.lastCalledAt(), old.disabledReason(), old.createdAt(),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                draft.deliveryModeFilter() == null ? old.deliveryModeFilter() : draft.deliveryModeFilter());
        repository.update(row);
        return get(caller, id);
    }

    public void delete(InternalCaller caller, String id) {
        repository.delete(visible(caller, id).id());
    }

    /** A new secret; the old one stops working at once. */
    public Webhook regenerateSecret(InternalCaller caller, String id) {
        WebhookRow old = visible(caller, id);
        String secret = secrets.newSecret();
        WebhookRow row = new WebhookRow(old.id(), old.teamId(), old.projectId(), old.routeId(), old.name(),
                old.url(), old.events(), old.enabled(), old.includeMachineEvents(), secrets.seal(id, secret),
                old.lastCalledAt(), old.disabledReason(), old.createdAt(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                old.deliveryModeFilter());
        repository.update(row);
        return view(row, secret);
    }

    public Page<Webhook> list(InternalCaller caller, WebhookFilter filter) {
        int size = pageSize(filter.pageSize(), config);
        if (filter.event() != null && !WebhookEvents.ALL.contains(filter.event())) {
            throw new ValidationException("filter[event]", "The selected event is invalid.");
        }
        String project = caller.projectScope() != null ? caller.projectScope() : filter.projectId();
        if (caller.projectScope() != null && filter.projectId() != null
                && !filter.projectId().equals(caller.projectScope())) {
            return new Page<>(List.of(), size, null);
        }
        Cursor after = Cursor.decode(filter.cursor());
        List<WebhookRow> rows = repository.page(new WebhookQuery(caller.teamId(), project, filter.routeId(),
                filter.enabled(), filter.event(), blankToNull(filter.search()),
                after == null ? null : after.createdAt(), after == null ? null : after.id(), size + 1));
        List<Webhook> items = new ArrayList<>();
        for (int i = 0; i < Math.min(size, rows.size()); i++) {
            items.add(view(rows.get(i), null));
        }
        String next = rows.size() > size ? new Cursor(rows.get(size - 1).createdAt(), rows.get(size - 1).id()).encode()
                : null;
        return new Page<>(items, size, next);
    }

    /** The webhook if the caller may see it, else 404. */
    WebhookRow visible(InternalCaller caller, String id) {
        return repository.find(id).filter(w -> caller.sees(w.teamId(), w.projectId()))
                .orElseThrow(() -> new NotFoundException("Webhook not found."));
    }

    static int pageSize(Integer requested, WebhookConfig config) {
        if (requested == null) {
            return config.defaultPageSize();
        }
        if (requested < 1 || requested > config.maxPageSize()) {
            throw new ValidationException("page[size]", "The page size must be between 1 and "
                    + config.maxPageSize() + ".");
        }
        return requested;
    }

    private void checkName(String name, boolean required, Map<String, List<String>> errors) {
        if (name == null) {
            if (required) {
                errors.put("name", List.of("The name field is required."));
            }
        } else if (name.isBlank() || name.length() > MAX_NAME) {
            errors.put("name", List.of("The name must be 1 to " + MAX_NAME + " characters."));
        }
    }

    private void checkUrl(String url, boolean required, Map<String, List<String>> errors) {
        if (url == null) {
            if (required) {
                errors.put("url", List.of("The url field is required."));
            }
            return;
        }
        if (url.isBlank() || url.length() > MAX_URL) {
            errors.put("url", List.of("The url must be 1 to " + MAX_URL + " characters."));
            return;
        }
        String refusal = guard.refusal(url.trim());
        if (refusal != null) {
            errors.put("url", List.of(refusal));
        }
    }

    private static void checkEvents(List<String> events, boolean required, Map<String, List<String>> errors) {
        if (events == null) {
            if (required) {
                errors.put("events", List.of("The events field is required."));
            }
            return;
        }
        if (events.isEmpty()) {
            errors.put("events", List.of("The events field must have at least 1 item."));
        }
        for (int i = 0; i < events.size(); i++) {
            if (!WebhookEvents.ALL.contains(events.get(i))) {
                errors.put("events." + i, List.of("The selected events." + i + " is invalid."));
            }
        }
    }

    private static List<String> distinct(List<String> events) {
        return List.copyOf(new LinkedHashSet<>(events));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Webhook view(WebhookRow w, String secret) {
        return new Webhook(w.id(), w.routeId(), w.projectId(), w.name(), w.url(), w.events(), w.enabled(),
                w.includeMachineEvents(), secret, w.lastCalledAt(), w.disabledReason(), w.createdAt(), w.updatedAt(),
                w.deliveryModeFilter());
    }
}
