package org.mintpost.token.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents API.md's error answers on every operation of the Team API (registered with
 * {@code mp.openapi.filter}): 400 invalid_json, 401, 403, 404, 422 validation errors and the 503 of a
 * change Kafka has not acknowledged in time.
 */
public class ErrorResponsesFilter implements OASFilter {

    private static final Map<String, String> COMMON = Map.of(
            "401", "Missing, invalid or expired credentials (error: unauthenticated)",
            "403", "The caller lacks the permission this operation needs (error: forbidden)");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                APIResponses responses = op.getValue().getResponses();
                if (responses == null) {
                    continue;
                }
                COMMON.forEach((code, text) -> add(responses, code, text, "Error"));
                if (path.getKey().contains("{")) {
                    add(responses, "404", "Not found, or not visible to this caller (error: not_found)", "Error");
                }
                boolean write = op.getKey() != PathItem.HttpMethod.GET;
                if (write) {
                    add(responses, "400", "The body is not valid JSON (error: invalid_json)", "Error");
                    add(responses, "503", "Committed but not yet acknowledged by Kafka (error: "
                            + "publication_pending); published shortly", "Error");
                }
                add(responses, "422", "Validation failed (error: validation_error, errors: field → messages)",
                        "ValidationError");
            }
        }
    }

    private static void add(APIResponses responses, String code, String description, String schema) {
        if (responses.hasAPIResponse(code) && responses.getAPIResponse(code).getContent() != null) {
            return;
        }
        Content content = OASFactory.createContent().addMediaType("application/json",
                OASFactory.createObject(MediaType.class).schema(
                        OASFactory.createObject(Schema.class).ref("#/components/schemas/" + schema)));
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description).content(content));
    }
}
