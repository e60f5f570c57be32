package org.mintpost.gateway.openapi;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One OpenAPI 3.1 document from the edge's own and each service's: a service contributes the paths the edge routes to
 * it (its internal ones stay out), its components, and its tags. A component named like one already in the document
 * but different is renamed after its service ({@code Error} of audit-service becomes {@code AuditServiceError}) and
 * every {@code $ref} of that service follows the new name.
 */
final class OpenApiMerger {

    private static final String REF_PREFIX = "#/components/";

    /** One service's document and which of its paths the edge sends to it. */
    record Source(String service, JsonNode document, Predicate<String> routedHere) {
    }

    private OpenApiMerger() {
    }

    static ObjectNode merge(ObjectNode edge, List<Source> sources) {
        ObjectNode merged = edge.deepCopy();
        ObjectNode paths = merged.withObject("/paths");
        ObjectNode components = merged.withObject("/components");
        for (Source source : sources) {
            JsonNode doc = source.document().deepCopy();
            Map<String, String> renames = new HashMap<>();
            doc.path("components").fields().forEachRemaining(kind -> kind.getValue().fields().forEachRemaining(c -> {
                JsonNode existing = components.path(kind.getKey()).get(c.getKey());
                if (existing != null && !existing.equals(c.getValue())) {
                    renames.put(REF_PREFIX + kind.getKey() + "/" + c.getKey(),
                            REF_PREFIX + kind.getKey() + "/" + prefix(source.service()) + c.getKey());
                }
            }));
            rewriteRefs(doc, renames);
            doc.path("components").fields().forEachRemaining(kind -> {
                ObjectNode into = components.withObject("/" + kind.getKey());
                kind.getValue().fields().forEachRemaining(c -> {
                    String renamed = renames.get(REF_PREFIX + kind.getKey() + "/" + c.getKey());
                    String name = renamed == null ? c.getKey() : renamed.substring(renamed.lastIndexOf('/') + 1);
                    into.putIfAbsent(name, c.getValue());
                });
            });
            doc.path("paths").fields().forEachRemaining(p -> {
                if (p.getKey().startsWith("/v1/") && source.routedHere().test(p.getKey())) {
                    paths.putIfAbsent(p.getKey(), p.getValue());
                }
            });
            ArrayNode tags = merged.withArray("/tags");
            for (JsonNode tag : doc.path("tags")) {
                boolean known = false;
                for (JsonNode have : tags) {
                    known |= have.path("name").equals(tag.path("name"));
                }
                if (!known) {
                    tags.add(tag);
                }
            }
        }
        return merged;
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String renamed = field.getKey().equals("$ref") ? renames.get(field.getValue().asText()) : null;
                if (renamed != null) {
                    field.setValue(TextNode.valueOf(renamed));
                } else {
                    rewriteRefs(field.getValue(), renames);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> rewriteRefs(item, renames));
        }
    }

    /** {@code audit-service} → {@code AuditService}. */
    private static String prefix(String service) {
        StringBuilder out = new StringBuilder();
        for (String word : service.split("-")) {
            if (!word.isEmpty()) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return out.toString();
    }
}
