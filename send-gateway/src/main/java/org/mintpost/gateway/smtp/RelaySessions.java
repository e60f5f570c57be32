package org.mintpost.gateway.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.service.AuthResult;
import org.mintpost.gateway.service.UsageRecorder;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandException;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Session admission and the checks before every command, shared by all SMTP ports: sessions per client
 * address, commands per session, AUTH only over TLS (unless allowed), STARTTLS only once, a re-check of the
 * session's token (a token revoked after AUTH is refused at its next command), and no new mail while
 * shutting down.
 */
final class RelaySessions implements SessionHandler {

    /**
     * How long closing an ended session may wait for its client. Closing a TLS socket first reads what the
     * client may still send (the JDK's TLS 1.3 close), for as long as the socket's read timeout: the idle
     * timeout, 60 s, for a silent client, all that time holding a thread and a place under
     * {@code max-sessions}. Found by {@code SmtpRelayShutdownTest}: one such session held the relay's stop
     * for a minute ({@code SmtpSessionEndTest}: after a QUIT, or dropped).
     */
    static final int CLOSE_TIMEOUT_MILLIS = 1_000;

    private final SessionHandler perIp;
    private final int maxCommands;
    private final boolean authWithoutTls;
    private final RelayAuthentication authentication;
    private final UsageRecorder usage;
    private final Map<Session, AtomicInteger> commands = new ConcurrentHashMap<>();
    private volatile boolean draining;

    RelaySessions(int maxSessionsPerIp, int maxCommands, boolean authWithoutTls, RelayAuthentication authentication,
            UsageRecorder usage, MeterRegistry registry) {
        this.perIp = SessionHandler.limitConcurrentSessionsBySource(maxSessionsPerIp);
        this.maxCommands = maxCommands;
        this.authWithoutTls = authWithoutTls;
        this.authentication = authentication;
        this.usage = usage;
        registry.gaugeMapSize("mintpost.gateway.smtp.sessions", List.of(), commands);
    }

    static String ip(MessageContext context) {
        SocketAddress address = context.getRemoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    @Override
    public SessionAcceptance accept(Session session) {
        if (draining) {
            closeSoon(session);
            return SessionAcceptance.failure(421, "4.3.2 Service shutting down, try again later");
        }
        SessionAcceptance accepted = perIp.accept(session);
        if (accepted.accepted()) {
            commands.put(session, new AtomicInteger());
        } else {
            closeSoon(session);
        }
        return accepted;
    }

    /** Called by the library before it closes the connection, whatever ended the session. */
    @Override
    public void onSessionEnd(Session session) {
        closeSoon(session);
        commands.remove(session);
        perIp.onSessionEnd(session);
    }

    void drain() {
        draining = true;
    }

    /** Every open session is about to be closed by the relay: none may hold its close for long. */
    void closing() {
        commands.keySet().forEach(RelaySessions::closeSoon);
    }

    private static void closeSoon(Session session) {
        try {
            session.getSocket().setSoTimeout(CLOSE_TIMEOUT_MILLIS);
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }

    /** Puts the guard in front of every command the server knows. */
    void guard(CommandHandler handler) {
        for (String verb : List.copyOf(handler.getVerbs())) {
            handler.addCommand(new Guarded(handler.getCommand(verb)));
        }
    }

    private static final Pattern SIZE = Pattern.compile("(?i)\\sSIZE=\\s*([0-9]+)\\s*$");

    /** True when {@code MAIL FROM:<…> SIZE=n} declares a size that does not fit in an int. */
    static boolean declaresSizeBeyondInt(String mail) {
        Matcher m = SIZE.matcher(mail);
        if (!m.find()) {
            return false;
        }
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        return digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE;
    }

    private final class Guarded implements Command {
        private final Command wrapped;
        private final String verb;

        Guarded(Command wrapped) {
            this.wrapped = wrapped;
            this.verb = wrapped.getName().toUpperCase(Locale.ROOT);
        }

        @Override
        public void execute(String commandString, Session session) throws IOException, DropConnectionException {
            AtomicInteger count = commands.get(session);
            if (count != null && count.incrementAndGet() > maxCommands) {
                throw new DropConnectionException(421, "4.7.0 Too many commands in this session, closing connection");
            }
            if ("HELP".equals(verb)) {
                // the library's help text for a topic ("HELP HELP") has lines ended by a bare LF, which a
                // strict client cannot parse (found by the resilience suite's SMTP fuzz): one line for any topic
                session.sendResponse("214 2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP"
                        + " HELP QUIT; see RFC 5321");
                return;
            }
            if ("EHLO".equals(verb) && !authWithoutTls && !session.isTLSStarted()
                    && !(session.getSocket() instanceof SSLSocket)) {
                // the plain ports take mail without AUTH (the bounce domain's MX), so the server does not require
                // TLS, and the library would then offer AUTH in clear: AUTH needs TLS here, so it is not offered
                ehloWithoutAuth(commandString, session);
                return;
            }
            if ("STARTTLS".equals(verb) && (session.isTLSStarted() || session.getSocket() instanceof SSLSocket)) {
                // the library answers 454 ("temporary"), which tells a client to try the same thing again later
                session.sendResponse("503 5.5.1 TLS already active");
                return;
            }
            if (!"QUIT".equals(verb)) {
                if ("AUTH".equals(verb) && !session.isTLSStarted() && !authWithoutTls) {
                    session.sendResponse("538 5.7.11 Encryption required for authentication: use STARTTLS or the"
                            + " implicit TLS port");
                    return;
                }
                recheck(session);
                if (draining && "MAIL".equals(verb)) {
                    throw new DropConnectionException(421, "4.3.2 Service shutting down, try again later");
                }
                if ("MAIL".equals(verb) && !session.isMailTransactionInProgress()
                        && declaresSizeBeyondInt(commandString)) {
                    // the library parses SIZE= as an int: a larger number threw out of the session thread
                    // ("421 4.3.0 Mail system failure" and a logged error); it is over any limit anyway
                    session.sendResponse("552 5.3.4 Message size exceeds fixed limit");
                    return;
                }
            }
            wrapped.execute(commandString, session);
        }

        /** The library's EHLO answer without the AUTH line (before TLS). */
        private void ehloWithoutAuth(String commandString, Session session) throws IOException {
            String[] args = commandString.trim().split("\\s+");
            if (args.length < 2) {
                session.sendResponse("501 Syntax: EHLO hostname");
                return;
            }
            session.resetMailTransaction();
            session.setHelo(args[1]);
            SMTPServer server = session.getServer();
            StringBuilder reply = new StringBuilder("250-").append(server.getHostName()).append("\r\n250-8BITMIME");
            if (server.getMaxMessageSize() > 0) {
                reply.append("\r\n250-SIZE ").append(server.getMaxMessageSize());
            }
            if (server.getEnableTLS() && !server.getHideTLS()) {
                reply.append("\r\n250-STARTTLS");
            }
            session.sendResponse(reply.append("\r\n250-CHUNKING\r\n250-SMTPUTF8\r\n250 Ok").toString());
        }

        private void recheck(Session session) throws DropConnectionException {
            if (!session.isAuthenticated()) {
                return;
            }
            Object identity = session.getAuthenticationHandler().map(AuthenticationHandler::getIdentity).orElse(null);
            if (!(identity instanceof SmtpLogin login)) {
                return;
            }
            AuthResult result = authentication.recheck(login);
            if (!result.ok()) {
                usage.record(result, login.ip(), null, TokenUsed.CHANNEL_SMTP, "SMTP " + verb, result.reason(),
                        List.of());
                RejectException reply = Replies.refusedToken(result.reason());
                throw new DropConnectionException(reply.getCode(), reply.getMessage());
            }
        }

        @Override
        public HelpMessage getHelp() throws CommandException {
            return wrapped.getHelp();
        }

        @Override
        public String getName() {
            return wrapped.getName();
        }
    }
}
