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
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Inactivity;
import org.mintpost.token.service.ProjectView;

/** Entities and service views to API records. */
public final class Mapping {

    private Mapping() {
    }

    static ProjectData project(ProjectView view) {
        return project(view, null);
    }

    /** {@code last28Days} null when not read (a create or an update answers without it). */
    static ProjectData project(ProjectView view, MessageStats last28Days) {
        Project p = view.project();
        Route defaultRoute = view.defaultRoute();
        return new ProjectData(p.id.toString(), p.name, p.smtpEnabled, p.redactEmailContent, p.deliveryMode,
                defaultRoute == null ? null : defaultRoute.id.toString(), view.tokenGeneratedAt(),
                view.tokenLastUsedAt(), view.tokenLastUsedIp(), view.routes().stream().map(RouteDtos::data).toList(),
                view.routes().size(), view.domainsCount(), p.createdAt, p.updatedAt, last28Days);
    }

    static ProjectListData listItem(Project p, int routesCount, int domainsCount, MessageStats last28Days) {
        return new ProjectListData(p.id.toString(), p.name, p.smtpEnabled, routesCount, domainsCount,
                last28Days == null ? MessageStats.NONE : last28Days, p.createdAt, p.updatedAt);
    }

    public static TokenData token(Token t) {
        return token(t, null);
    }

    /** @param autoRevokeDays the project's {@code auto_revoke_inactive_days}, or null when off / unknown */
    static TokenData token(Token t, Integer autoRevokeDays) {
        Instant now = Clock.now();
        String status = t.effectiveStatus(now);
        Instant autoRevokeAt = autoRevokeDays != null && Token.ACTIVE.equals(status)
                ? Inactivity.autoRevokeAt(t, autoRevokeDays) : null;
        return new TokenData(t.id.toString(), t.name, t.display, status, t.createdAt,
                t.updatedAt, t.lastUsedAt, t.lastUsedIp, t.expiresAt, List.copyOf(t.allowedIps),
                t.isProjectToken() ? null : List.copyOf(t.permissions), t.inactiveDays(now), t.revokedReason,
                Token.REVOKED.equals(t.status) ? t.revokedAt : null, t.leakUrl, t.leakSource, autoRevokeAt,
                autoRevokeAt == null ? null : !now.isBefore(autoRevokeAt.minus(Inactivity.WARNING)),
                t.createdVia, t.trustedWorkloadId == null ? null : t.trustedWorkloadId.toString());
    }

    static List<TokenData> tokens(List<Token> tokens) {
        return tokens(tokens, null);
    }

    static List<TokenData> tokens(List<Token> tokens, Integer autoRevokeDays) {
        return tokens.stream().map(t -> token(t, autoRevokeDays)).toList();
    }
}
