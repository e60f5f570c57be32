package org.mintpost.token.team;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.CallerResolver;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Members are the SSO users the platform sees: each SSO request is recorded (the first one joins the team), and
 * once a member has been assigned a role, that role's permissions replace the SSO issuer's for the request, so an
 * assignment holds from the member's next request. If the member cannot be read, the request holds no permission.
 */
@ApplicationScoped
public class MemberAssignments implements SecurityIdentityAugmentor {

    private static final int MAX_NAME = 255;
    private static final int MAX_EMAIL = 320;

    private final TeamStore store;

    public MemberAssignments(TeamStore store) {
        this.store = store;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !"sso".equals(CallerResolver.claim(jwt, InternalClaims.CALLER_KIND)) || jwt.getSubject() == null) {
            return Uni.createFrom().item(identity);
        }
        UUID teamId = TeamStore.uuidOrNull(CallerResolver.claim(jwt, InternalClaims.TEAM_ID));
        if (teamId == null) {
            return Uni.createFrom().item(identity);
        }
        String subject = cut(jwt.getSubject(), MAX_NAME);
        String name = CallerResolver.claim(jwt, "name");
        String email = CallerResolver.claim(jwt, "email");
        List<String> held = Permissions.ALL.stream().filter(identity.getRoles()::contains).toList();
        return store.seen(teamId, subject, cut(name == null || name.isBlank() ? subject : name, MAX_NAME),
                cut(email == null ? "" : email, MAX_EMAIL), held)
                .map(member -> member.role() == null ? identity
                        : withRoles(identity, Set.copyOf(TeamRoles.byKey(member.role()).permissions())))
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not read the SSO member of team %s, the request holds no permission: %s %s",
                            teamId, e.getClass().getSimpleName(), e.getMessage());
                    return withRoles(identity, Set.of());
                });
    }

    private static SecurityIdentity withRoles(SecurityIdentity identity, Set<String> roles) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(new LinkedHashSet<>(roles))
                .setAnonymous(false)
                .build();
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

}
