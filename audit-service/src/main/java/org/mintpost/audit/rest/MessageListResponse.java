package org.mintpost.audit.rest;

import java.util.List;

/** {@code GET /v1/messages}: the SDK's {@code MessageIndexResponse}. */
public record MessageListResponse(List<MessageListItem> data, List<String> links, PageMeta meta) {
}
