package org.mintpost.token.service;

import java.time.Instant;
import java.util.List;

import org.mintpost.token.model.Project;
import org.mintpost.token.routes.Route;

/** A project with what its tokens say about it (ProjectData's token fields), its live routes and domains count. */
public record ProjectView(Project project, Instant tokenGeneratedAt, Instant tokenLastUsedAt, String tokenLastUsedIp,
        List<Route> routes, int domainsCount) {

    /** The project's default route, or null. */
    public Route defaultRoute() {
        return routes.stream().filter(r -> r.isDefault).findFirst().orElse(null);
    }
}
