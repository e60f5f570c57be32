package org.mintpost.audit.scheduling;

/** The command could not be made durable (the broker did not acknowledge it): answered 503, nothing changed. */
public class CommandsUnavailableException extends RuntimeException {

    public CommandsUnavailableException(Throwable cause) {
        super("message-commands unavailable", cause, false, false);
    }
}
