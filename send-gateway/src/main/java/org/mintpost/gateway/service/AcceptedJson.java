package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The answer of an accepted request as the idempotency store keeps it, so that a replay answers the same. */
final class AcceptedJson {

    private AcceptedJson() {
    }

    static JsonObject of(List<SendService.Accepted> accepted) {
        JsonArray items = new JsonArray();
        for (SendService.Accepted a : accepted) {
            items.add(new JsonObject().put("message_id", a.messageId()).put("status", a.status())
                    .put("scheduled_at", a.scheduledAt() == null ? null : a.scheduledAt().toString())
                    .put("delivery_mode", a.deliveryMode()).put("sandbox_result", a.sandboxResult()));
        }
        return new JsonObject().put("items", items);
    }

    static List<SendService.Accepted> read(JsonObject response) {
        List<SendService.Accepted> out = new ArrayList<>();
        JsonArray items = response.getJsonArray("items", new JsonArray());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            String at = item.getString("scheduled_at");
            out.add(new SendService.Accepted(item.getString("message_id"), item.getString("status"),
                    at == null ? null : Instant.parse(at), item.getString("delivery_mode"),
                    item.getString("sandbox_result")));
        }
        return out;
    }
}
