package org.mintpost.token.rest;

import java.util.UUID;

import org.mintpost.token.service.NotFound;

/** Path ids: anything that is not a UUID names nothing, so it is a 404 like any unknown id. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String value, String what) {
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new NotFound(what);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new NotFound(what);
        }
    }
}
