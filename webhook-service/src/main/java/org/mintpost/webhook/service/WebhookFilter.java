package org.mintpost.webhook.service;

/** The list's query: {@code filter[project]}, {@code filter[route_id]}, {@code filter[enabled]}, ... */
public record WebhookFilter(String projectId, String routeId, Boolean enabled, String event, String search,
        Integer pageSize, String cursor) {
}
