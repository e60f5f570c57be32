package org.mintpost.token.rest;

import org.mintpost.token.service.Inactivity;
import org.mintpost.token.service.ValidationFailed;

/** The token lists' {@code inactive_days} query parameter: a whole number of days, 0 to 3650. */
final class InactiveDaysParam {

    private InactiveDaysParam() {
    }

    static Integer parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0 && days <= Inactivity.MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ValidationFailed.of("inactive_days",
                "The inactive_days must be a whole number of days from 0 to " + Inactivity.MAX_DAYS + ".");
    }
}
