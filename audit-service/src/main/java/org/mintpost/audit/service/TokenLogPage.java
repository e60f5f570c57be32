package org.mintpost.audit.service;

import java.util.List;

/** One page of a token's feed, newest first; {@code nextCursor} is null on the last page. */
public record TokenLogPage(List<TokenLogEntry> entries, String nextCursor) {
}
