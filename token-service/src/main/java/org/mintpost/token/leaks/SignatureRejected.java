package org.mintpost.token.leaks;

/** A secret-scanning request that is unsigned, names an unknown key or does not verify. */
public class SignatureRejected extends RuntimeException {

    public SignatureRejected(String reason) {
        super(reason);
    }
}
