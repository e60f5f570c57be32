package org.mintpost.token.workloads;

import io.quarkus.arc.Arc;

/** Lets a test forget the cached keys (package access to {@link IssuerKeys}). */
final class IssuerKeysAccess {

    private IssuerKeysAccess() {
    }

    static void forget() {
        Arc.container().instance(IssuerKeys.class).get().clear();
    }
}
