package org.mintpost.contracts.tracking;

/** The edge's public tracking paths, which the worker writes into mail and the edge answers. */
public final class TrackingPaths {

    /** {@code GET /t/o/{id}}: the 1×1 open pixel. */
    public static final String OPEN = "/t/o/";
    /** {@code GET /t/c/{id}}: 302 to the original link. */
    public static final String CLICK = "/t/c/";
    /** {@code GET /u/{id}}: the hosted confirm page; {@code POST /u/{id}}: RFC 8058 one-click or its button. */
    public static final String UNSUBSCRIBE = "/u/";

    /** Hit classes, in {@code DeliveryEvent.data.classification} of {@code opened} and {@code clicked}. */
    public static final String HUMAN = "human";
    public static final String MACHINE = "machine";
    public static final String PRIVACY = "privacy";

    private TrackingPaths() {
    }

    /** {@code base} without a trailing slash, then {@code path} and {@code id}. */
    public static String url(String base, String path, String id) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + path + id;
    }
}
