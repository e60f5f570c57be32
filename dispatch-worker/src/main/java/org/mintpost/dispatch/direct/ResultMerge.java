package org.mintpost.dispatch.direct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mintpost.dispatch.client.SmtpResult;
import org.mintpost.dispatch.client.SmtpResult.Kind;

/**
 * One attempt's outcome from the transactions of its recipient domains, in the shape the delivery step already
 * reads: accepted when any destination took the message (each recipient of the others told its own domain's reply
 * as refused), permanent when every destination refused for good, transient otherwise (the recipients refused for
 * good bounce now, the rest are retried). Also merges the per-recipient transactions of a tracked message
 * ({@code OutgoingMessages.Outgoing#send}), each recipient its own group.
 */
public final class ResultMerge {

    private ResultMerge() {
    }

    public static SmtpResult merge(Map<String, List<String>> byDomain, Map<String, SmtpResult> results) {
        if (results.size() == 1) {
            return results.values().iterator().next();
        }
        SmtpResult firstAccepted = null;
        SmtpResult firstTransient = null;
        SmtpResult firstPermanent = null;
        Map<String, SmtpResult> refused = new LinkedHashMap<>();
        for (Map.Entry<String, SmtpResult> e : results.entrySet()) {
            SmtpResult r = e.getValue();
            refused.putAll(r.refused());
            switch (r.kind()) {
                case ACCEPTED -> firstAccepted = firstAccepted == null ? r : firstAccepted;
                case TRANSIENT -> firstTransient = firstTransient == null ? r : firstTransient;
                default -> firstPermanent = firstPermanent == null ? r : firstPermanent;
            }
            if (r.kind() != Kind.ACCEPTED) {
                SmtpResult own = new SmtpResult(r.kind(), r.code(), r.response());
                for (String recipient : byDomain.get(e.getKey())) {
                    refused.putIfAbsent(recipient.toLowerCase(java.util.Locale.ROOT), own);
                }
            }
        }
        if (firstAccepted != null) {
            return new SmtpResult(Kind.ACCEPTED, firstAccepted.code(), firstAccepted.response(), Map.copyOf(refused));
        }
        SmtpResult base = firstTransient != null ? firstTransient : firstPermanent;
        return new SmtpResult(base.kind(), base.code(), base.response(), Map.copyOf(refused));
    }
}
