package org.mintpost.webhook.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mintpost.webhook.service.Caller;
import org.mintpost.contracts.token.InternalClaims;

/** Reads the caller's team and project scope from the verified internal JWT of this request. */
@RequestScoped
public class CallerResolver {

    private final JsonWebToken jwt;

    public CallerResolver(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public Caller caller() {
        return new Caller(claim(InternalClaims.TEAM_ID), claim(InternalClaims.PROJECT_ID));
    }

    private String claim(String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? null : text;
    }
}
