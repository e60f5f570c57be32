package org.mintpost.gateway.service;

import java.util.Set;

/** A verified SSO caller: subject, team and permissions from the SSO issuer's JWT. */
public record SsoPrincipal(String subject, String teamId, Set<String> permissions) {
}
