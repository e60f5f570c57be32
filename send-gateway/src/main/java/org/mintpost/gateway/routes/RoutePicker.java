package org.mintpost.gateway.routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The route each message goes out on: the project's route named by the message's {@code route} slug (API field or
 * SMTP {@code X-Lettermint-Route}), else the project's default route. Answered from memory ({@link RouteMap}); only
 * a slug not found waits, once and briefly, for the reader to reach the topic's current end, so a route whose
 * creation call has returned is usable at once.
 */
@ApplicationScoped
public class RoutePicker {

    static final Duration SYNC_WAIT = Duration.ofSeconds(2);

    private final RouteMap routes;
    private final RouteChangesReader reader;

    public RoutePicker(RouteMap routes, RouteChangesReader reader) {
        this.routes = routes;
        this.reader = reader;
    }

    /** The picked route ids, or field errors (key {@code route}, or {@code <i>.route} in a batch). */
    public record Picked(List<String> routeIds, Map<String, List<String>> errors) {
    }

    public Uni<Picked> pick(String projectId, List<String> slugs, boolean batch) {
        Picked first = tryPick(projectId, slugs, batch);
        if (first.errors().isEmpty()) {
            return Uni.createFrom().item(first);
        }
        return Uni.createFrom().completionStage(reader::sync)
                .ifNoItem().after(SYNC_WAIT).recoverWithItem((Void) null)
                .onFailure().recoverWithItem((Void) null)
                .map(synced -> tryPick(projectId, slugs, batch));
    }

    Picked tryPick(String projectId, List<String> slugs, boolean batch) {
        List<String> ids = new ArrayList<>(slugs.size());
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (int i = 0; i < slugs.size(); i++) {
            String slug = slugs.get(i);
            RouteMap.Route route = slug == null ? routes.defaultOf(projectId) : routes.find(projectId, slug);
            if (route == null && slug != null) {
                errors.put(batch ? i + ".route" : "route", List.of(unknown(slug)));
            }
            ids.add(route == null ? null : route.routeId());
        }
        return new Picked(ids, errors);
    }

    /** What the sender reads when the slug names no route of the project. */
    public static String unknown(String slug) {
        String shown = slug.matches("[A-Za-z0-9_-]{1,100}") ? "\"" + slug + "\"" : "given";
        return "The route " + shown + " does not exist in this project: use the slug of one of its routes "
                + "(GET /v1/projects/{id}/routes) or leave route out to use the default route.";
    }
}
