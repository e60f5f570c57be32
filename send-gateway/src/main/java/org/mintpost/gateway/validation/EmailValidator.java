package org.mintpost.gateway.validation;

import static org.mintpost.gateway.validation.Fields.add;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.gateway.config.GatewayConfig;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every rule of the Sending API body (API.md), applied to parsed JSON so that a wrong type is a
 * field error like any other. Collects all errors, keyed like {@code to.0}, before answering; each group of
 * fields has its own class in this package.
 */
@ApplicationScoped
public class EmailValidator {

    static final int SUBJECT_MAX = 998;
    static final int BODY_MIN = 3;

    /** The outcome: content when valid, otherwise the errors (never both). */
    public record Result(EmailContent content, Map<String, List<String>> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final int maxRecipients;

    public EmailValidator(GatewayConfig config) {
        this.maxRecipients = config.limits().maxRecipients();
    }

    public Result validate(JsonNode body, Instant now) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            add(errors, "body", "The request body must be a JSON object.");
            return new Result(null, errors);
        }
        String from = AddressFields.requiredAddress(body, "from", errors);
        List<String> to = AddressFields.addresses(body, "to", true, errors);
        List<String> cc = AddressFields.addresses(body, "cc", false, errors);
        List<String> bcc = AddressFields.addresses(body, "bcc", false, errors);
        List<String> replyTo = AddressFields.addresses(body, "reply_to", false, errors);
        int recipients = Fields.size(to) + Fields.size(cc) + Fields.size(bcc);
        if (recipients > maxRecipients) {
            add(errors, "to", "A message may have at most " + maxRecipients + " recipients over to, cc and bcc.");
        }
        String subject = Fields.string(body, "subject", errors);
        if (subject == null || subject.isBlank()) {
            if (!errors.containsKey("subject")) {
                add(errors, "subject", "The subject field is required.");
            }
        } else if (subject.length() > SUBJECT_MAX) {
            add(errors, "subject", "The subject may not be longer than " + SUBJECT_MAX + " characters.");
        } else if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            add(errors, "subject", "The subject may not contain line breaks.");
        }
        String html = Fields.string(body, "html", errors);
        String text = Fields.string(body, "text", errors);
        if (html == null && text == null && !errors.containsKey("html") && !errors.containsKey("text")) {
            add(errors, "text", "The html or text field is required.");
        }
        if (html != null && html.length() < BODY_MIN) {
            add(errors, "html", "The html must be at least " + BODY_MIN + " characters.");
        }
        if (text != null && text.length() < BODY_MIN) {
            add(errors, "text", "The text must be at least " + BODY_MIN + " characters.");
        }
        Map<String, String> headers = HeaderFields.headers(body, errors);
        Map<String, String> metadata = HeaderFields.metadata(body, errors);
        String tag = TagFields.tag(body, errors);
        List<EmailContent.Tag> tags = TagFields.tags(body, tag != null, errors);
        String route = DeliveryFields.route(body, errors);
        Instant scheduledAt = DeliveryFields.scheduledAt(body, now, errors);
        EmailContent.Settings settings = DeliveryFields.settings(body, errors);
        String sandboxResult = DeliveryFields.sandboxResult(body, errors);
        List<EmailContent.Attachment> attachments = AttachmentFields.attachments(body, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        EmailContent content = new EmailContent(from, to, cc, bcc, replyTo, subject, html, text, headers, metadata,
                tag, tags, route, scheduledAt, settings, attachments, sandboxResult);
        return new Result(content, errors);
    }
}
