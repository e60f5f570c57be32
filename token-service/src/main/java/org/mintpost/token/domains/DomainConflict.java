package org.mintpost.token.domains;

/** The domain is held by another team: 409. */
public class DomainConflict extends RuntimeException {

    public DomainConflict(String message) {
        super(message);
    }
}
