package org.mintpost.dispatch.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;

/**
 * The one place where a job's recipients are decided before the SMTP transaction: to, cc and bcc of an API
 * job, or the SMTP relay's envelope. (Suppressed recipients are taken out at delivery: {@code Suppressions}.)
 */
public final class Recipients {

    private Recipients() {
    }

    /** Bare addresses of everyone the job goes to: to, cc and bcc, or the SMTP envelope (or its pending ones). */
    public static List<String> of(SendJob job) throws InvalidJobException {
        List<String> out = new ArrayList<>();
        if (job.pendingRecipients() != null) {
            // a retry after some recipients' servers took the message: only those still owed
            for (String r : job.pendingRecipients()) {
                out.add(address(r, "pending_recipients").getAddress());
            }
            return out;
        }
        if (job.rawMime() != null) {
            for (String r : list(job.envelopeTo())) {
                out.add(address(r, "envelope_to").getAddress());
            }
            return out;
        }
        EmailContent c = job.content();
        if (c == null) {
            return out;
        }
        for (List<String> group : List.of(list(c.to()), list(c.cc()), list(c.bcc()))) {
            for (String r : group) {
                out.add(address(r, "recipient").getAddress());
            }
        }
        return out;
    }

    /** {@code recipients} without those in {@code gone} (bare addresses, lower case), in order. */
    static List<String> without(List<String> recipients, Set<String> gone) {
        return recipients.stream().filter(r -> !gone.contains(r.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** {@code value} as an address, or why the job is invalid. */
    static InternetAddress address(String value, String field) throws InvalidJobException {
        try {
            return new InternetAddress(value, false);
        } catch (AddressException e) {
            throw new InvalidJobException(field + " is not an address: " + e.getMessage());
        }
    }

    static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }
}
