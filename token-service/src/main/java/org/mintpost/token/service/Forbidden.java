package org.mintpost.token.service;

/** The caller is known but not allowed to do this (e.g. grant a permission it does not hold). */
public class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message);
    }
}
