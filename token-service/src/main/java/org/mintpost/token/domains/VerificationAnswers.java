package org.mintpost.token.domains;

import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;
import org.mintpost.token.domains.DomainDtos.RecordError;
import org.mintpost.token.domains.DomainDtos.RecordNotVerified;
import org.mintpost.token.domains.DomainDtos.RecordRef;
import org.mintpost.token.domains.DomainDtos.RecordResult;
import org.mintpost.token.domains.DomainDtos.VerificationFailed;
import org.mintpost.token.domains.DomainDtos.Verified;
import org.mintpost.token.domains.DomainVerification.Checked;

/**
 * The answers of the verify endpoints, as Lettermint's OpenAPI gives them: 200 when every required record
 * is in the DNS as asked (naming recommended ones that are not), else 422 naming each record that is not and
 * why (missing, other content, or a DNS failure such as a timeout or SERVFAIL, which is looked up again).
 */
final class VerificationAnswers {

    private VerificationAnswers() {
    }

    static RestResponse<Object> all(Checked checked) {
        List<RecordRef> requiredFailed = new ArrayList<>();
        List<RecordRef> recommendedFailed = new ArrayList<>();
        List<RecordError> errors = new ArrayList<>();
        List<DomainDnsRecord> records = checked.view().records();
        for (DomainDnsRecord r : records) {
            if (DomainDnsRecord.ACTIVE.equals(r.status)) {
                continue;
            }
            RecordRef ref = new RecordRef(r.id.toString(), r.type, r.fqdn);
            if (r.required) {
                requiredFailed.add(ref);
                errors.add(new RecordError(r.id.toString(), reason(r)));
            } else if (DomainDnsRecord.RECOMMENDED.equals(r.verificationScope)) {
                recommendedFailed.add(ref);
            }
        }
        if (requiredFailed.isEmpty()) {
            return RestResponse.ok(new Verified("DNS records verified successfully.", recommendedFailed));
        }
        String message = requiredFailed.size() + " required DNS record(s) of " + checked.view().domain().domain
                + " could not be verified: publish them exactly as shown, then verify again.";
        return unprocessable(new VerificationFailed(message, "verification_failed", requiredFailed, errors,
                requiredFailed.size(), Integer.toString(records.size())));
    }

    static RestResponse<Object> one(Checked checked, String recordId) {
        DomainDnsRecord record = checked.view().records().stream()
                .filter(r -> r.id.toString().equalsIgnoreCase(recordId)).findFirst().orElseThrow();
        if (DomainDnsRecord.ACTIVE.equals(record.status)) {
            return RestResponse.ok(new DomainDtos.Message("DNS record verified successfully."));
        }
        return unprocessable(new RecordNotVerified("The DNS record " + record.fqdn
                + " could not be verified: " + reason(record), "verification_failed",
                new RecordResult(record.id.toString(), record.status, reason(record))));
    }

    private static RestResponse<Object> unprocessable(Object body) {
        return RestResponse.ResponseBuilder.create(422).entity(body).build();
    }

    private static String reason(DomainDnsRecord r) {
        return r.lastError != null ? r.lastError : "not checked yet";
    }
}
