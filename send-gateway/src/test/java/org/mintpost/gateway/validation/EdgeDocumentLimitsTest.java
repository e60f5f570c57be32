package org.mintpost.gateway.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The limits {@code openapi/edge.json} documents for the Sending API are the ones the validators enforce (and the
 * ones Lettermint's sending OpenAPI documents): a change to either side must reach the other.
 */
class EdgeDocumentLimitsTest {

    @Test
    void documentedLimitsAreTheEnforcedOnes() throws Exception {
        JsonNode doc;
        try (InputStream in = EdgeDocumentLimitsTest.class.getResourceAsStream("/openapi/edge.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        JsonNode send = doc.at("/components/schemas/SendMailRequest/properties");
        assertEquals(EmailValidator.SUBJECT_MAX, send.at("/subject/maxLength").asInt());
        assertEquals(EmailValidator.BODY_MIN, send.at("/html/minLength").asInt());
        assertEquals(EmailValidator.BODY_MIN, send.at("/text/minLength").asInt());
        assertEquals(TagFields.TAGS_MAX, send.at("/tags/maxItems").asInt());
        assertEquals(AttachmentFields.ATTACHMENTS_MAX, send.at("/attachments/maxItems").asInt());
        assertEquals(255, send.at("/attachments/items/properties/content_id/maxLength").asInt());
        assertEquals("^[a-zA-Z0-9._@-]+$", send.at("/attachments/items/properties/content_id/pattern").asText());
        JsonNode batch = doc.at("/paths/~1v1~1send~1batch/post/requestBody/content/application~1json/schema");
        assertEquals(1, batch.at("/minItems").asInt());
        assertEquals(500, batch.at("/maxItems").asInt(), "the default of mintpost.limits.batch-max-items");
    }
}
