package org.mintpost.token.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.token.model.Project;

/** One page of a cursor-paginated project list, with each project's number of live routes and domains. */
public record ProjectPage(List<Project> items, int perPage, String nextCursor, String prevCursor,
        Map<UUID, Long> routeCounts, Map<UUID, Long> domainCounts) {

    public int routesCount(Project p) {
        return routeCounts.getOrDefault(p.id, 0L).intValue();
    }

    public int domainsCount(Project p) {
        return domainCounts.getOrDefault(p.id, 0L).intValue();
    }
}
