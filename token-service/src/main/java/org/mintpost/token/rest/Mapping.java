package org.mintpost.token.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.token.model.Project;
import org.mintpost.token.model.Token;
import org.mintpost.token.rest.Dtos.MessageStats;
import org.mintpost.token.rest.Dtos.ProjectData;
import org.mintpost.token.rest.Dtos.ProjectListData;
import org.mintpost.token.rest.Dtos.TokenData;
import org.mintpost.token.routes.Route;
import org.mintpost.token.routes.RouteDtos;
import org.mintpost.token.service.ProjectView;

/** Entities and service views to API records. */
final class Mapping {

    private Mapping() {
    }

    static ProjectData project(ProjectView view) {
        Project p = view.project();
        Route defaultRoute = view.defaultRoute();
        return new ProjectData(p.id.toString(), p.name, p.smtpEnabled, p.redactEmailContent,
                defaultRoute == null ? null : defaultRoute.id.toString(), view.tokenGeneratedAt(),
                view.tokenLastUsedAt(), view.tokenLastUsedIp(), view.routes().stream().map(RouteDtos::data).toList(),
                view.routes().size(), p.createdAt, p.updatedAt);
    }

    static ProjectListData listItem(Project p, int routesCount) {
        return new ProjectListData(p.id.toString(), p.name, p.smtpEnabled, routesCount, 0, MessageStats.NONE,
                p.createdAt, p.updatedAt);
    }

    static TokenData token(Token t) {
        return new TokenData(t.id.toString(), t.name, t.display, t.effectiveStatus(Instant.now()), t.createdAt,
                t.updatedAt, t.lastUsedAt, t.lastUsedIp, t.expiresAt, List.copyOf(t.allowedIps),
                t.isProjectToken() ? null : List.copyOf(t.permissions));
    }

    static List<TokenData> tokens(List<Token> tokens) {
        return tokens.stream().map(Mapping::token).toList();
    }
}
