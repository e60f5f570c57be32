package org.mintpost.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class OpenApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keepsRoutedPathsRenamesClashingSchemasAndFollowsTheirRefs() throws Exception {
        ObjectNode edge = (ObjectNode) JSON.readTree("""
                {"openapi": "3.1.0", "paths": {"/v1/send": {}},
                 "components": {"schemas": {"Error": {"type": "object", "required": ["message"]}}}}""");
        JsonNode audit = JSON.readTree("""
                {"openapi": "3.1.0", "tags": [{"name": "Messages"}],
                 "paths": {"/v1/messages": {"get": {"responses": {"404": {"content": {"application/json":
                     {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
                   "/internal/clock": {"post": {}}, "/v1/projects": {"get": {}}},
                 "components": {"schemas": {"Error": {"type": "object"}, "Message": {"type": "object"}}}}""");
        JsonNode tokens = JSON.readTree("""
                {"paths": {"/v1/projects": {"get": {"summary": "tokens"}}},
                 "components": {"schemas": {"Error": {"type": "object", "required": ["message"]}}}}""");

        ObjectNode merged = OpenApiMerger.merge(edge, List.of(
                new OpenApiMerger.Source("audit-service", audit, path -> path.startsWith("/v1/messages")),
                new OpenApiMerger.Source("token-service", tokens, path -> path.startsWith("/v1/projects"))));

        assertEquals(List.of("/v1/send", "/v1/messages", "/v1/projects"),
                names(merged.path("paths").fieldNames()));
        assertEquals("tokens", merged.at("/paths/~1v1~1projects/get/summary").asText(),
                "a path comes from the service the edge routes it to");
        assertEquals("#/components/schemas/AuditServiceError", merged.at(
                "/paths/~1v1~1messages/get/responses/404/content/application~1json/schema/$ref").asText());
        assertTrue(merged.at("/components/schemas/AuditServiceError").isObject());
        assertTrue(merged.at("/components/schemas/Message").isObject());
        assertFalse(merged.at("/components/schemas/TokenServiceError").isObject(), "an identical schema is shared");
        assertEquals("Messages", merged.at("/tags/0/name").asText());
        assertFalse(edge.path("paths").has("/v1/messages"), "the edge's own document is left as it was");
    }

    private static List<String> names(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
