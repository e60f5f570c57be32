package org.mintpost.gateway.smtp;

import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.Grant;

/**
 * Who a session authenticated as: the presented token (kept in memory only, to re-check it before every
 * command, never printed) and the latest check's outcome.
 */
final class SmtpLogin {

    private final String token;
    private final String ip;
    private volatile AuthResult current;

    SmtpLogin(String token, String ip, AuthResult current) {
        this.token = token;
        this.ip = ip;
        this.current = current;
    }

    String token() {
        return token;
    }

    String ip() {
        return ip;
    }

    AuthResult current() {
        return current;
    }

    void update(AuthResult result) {
        this.current = result;
    }

    Grant grant() {
        return current.grant();
    }

    String display() {
        return current.display();
    }

    @Override
    public String toString() {
        return "SmtpLogin[" + current.display() + "]";
    }
}
