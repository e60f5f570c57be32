package org.mintpost.token.service;

import org.mintpost.token.model.Token;

/** A token together with its secret: exists only on the way back to the one caller that gets it. */
public record IssuedToken(Token token, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + token.id + ", " + token.display + "]";
    }
}
