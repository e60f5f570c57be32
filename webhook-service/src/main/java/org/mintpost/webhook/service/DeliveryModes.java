package org.mintpost.webhook.service;

import java.util.List;
import java.util.Map;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;

/**
 * Sandbox routing: a webhook's {@code delivery_mode_filter} ({@code live}, the default, {@code sandbox} or
 * {@code both}) and whether an event is of a sandbox message (its {@code data.delivery_mode}).
 */
public final class DeliveryModes {

    public static final String BOTH = "both";
    public static final String DEFAULT_FILTER = SendJob.LIVE;
    static final List<String> FILTERS = List.of(SendJob.LIVE, SendJob.SANDBOX, BOTH);
    private static final String FIELD = "delivery_mode_filter";

    private DeliveryModes() {
    }

    /** Whether the event is of a sandbox project's message: every such event says so in its data. */
    public static boolean isSandbox(DeliveryEvent e) {
        return e.data() != null && SendJob.SANDBOX.equals(e.data().get("delivery_mode"));
    }

    /** Adds a 422 entry when a given filter is not one of {@code live}, {@code sandbox}, {@code both}. */
    static void check(String filter, Map<String, List<String>> errors) {
        if (filter != null && !FILTERS.contains(filter)) {
            errors.put(FIELD, List.of("The selected " + FIELD + " is invalid: it must be live, sandbox or both."));
        }
    }
}
