package org.mintpost.audit.rest;

/** Every error answer: {@code {"message": "...", "error": "<kind>"}}. */
public record ErrorBody(String message, String error) {
}
