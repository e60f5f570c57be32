package org.mintpost.token.service;

/**
 * The change is committed but Kafka did not acknowledge it in time. The outbox relay keeps
 * publishing it; the caller learns that the change may not be effective at the edge yet.
 */
public class PublicationPending extends RuntimeException {

    public PublicationPending(String message, Throwable cause) {
        super(message, cause);
    }
}
