package org.mintpost.token.leaks;

/**
 * One reported string: GitHub's partner format ({@code token}, {@code type}, {@code url}, {@code source}),
 * also used by the generic report form. {@code url} and {@code source} are the reporter's words, kept
 * (shortened) for the token's logs.
 */
public record LeakReport(String token, String type, String url, String source) {
}
