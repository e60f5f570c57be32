package org.mintpost.webhook.rest;

/** Every error answer: {@code {"message": "...", "error": "<kind>"}}. */
public record ErrorBody(String message, String error) {
}
