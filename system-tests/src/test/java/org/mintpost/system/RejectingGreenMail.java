package org.mintpost.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;

/**
 * The suite's SMTP sink: GreenMail, answering {@code 550 5.1.1} at {@code RCPT} for every address whose local part
 * starts with {@code reject-} (a mailbox that does not exist) and {@code 451 4.7.1} for every one starting with
 * {@code defer-} (greylisting: try again later), as a receiving server does, and counting the
 * {@code RCPT}s each address got (so a test sees that a suppressed recipient never reached it). With a hand-off
 * directory, each accepted message is written there as a file of its own ({@code <n>.eml}, complete before its
 * {@code 250}) instead of kept: the upstream in a process of its own ({@code resilience.UpstreamProcess}).
 */
public final class RejectingGreenMail extends GreenMail {

    static final String REJECTED_PREFIX = "reject-";
    public static final String DEFERRED_PREFIX = "defer-";

    private final Map<String, AtomicInteger> rcpts = new ConcurrentHashMap<>();
    private final Path handoff;
    private final AtomicLong handedOff = new AtomicLong();

    public RejectingGreenMail(ServerSetup setup) {
        this(setup, null);
    }

    public RejectingGreenMail(ServerSetup setup, Path handoff) {
        super(setup);
        this.handoff = handoff;
    }

    /** How many {@code RCPT TO} named this address (accepted or refused). */
    public int rcptCount(String address) {
        AtomicInteger n = rcpts.get(address.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
        return super.createServices(config, new RejectingManagers(managers));
    }

    private final class RejectingManagers extends Managers {

        private final Managers delegate;
        private final SmtpManager smtp;

        RejectingManagers(Managers delegate) {
            this.delegate = delegate;
            this.smtp = new RejectingSmtpManager(delegate.getImapHostManager(), delegate.getUserManager());
        }

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }

        @Override
        public UserManager getUserManager() {
            return delegate.getUserManager();
        }

        @Override
        public ImapHostManager getImapHostManager() {
            return delegate.getImapHostManager();
        }
    }

    private final class RejectingSmtpManager extends SmtpManager {

        RejectingSmtpManager(ImapHostManager imap, UserManager users) {
            super(imap, users);
        }

        @Override
        public String checkRecipient(SmtpState state, MailAddress address) {
            String email = address.getEmail().toLowerCase(Locale.ROOT);
            rcpts.computeIfAbsent(email, k -> new AtomicInteger()).incrementAndGet();
            if (email.startsWith(REJECTED_PREFIX)) {
                return "550 5.1.1 <" + email + ">: Recipient address rejected: User unknown in virtual mailbox table";
            }
            if (email.startsWith(DEFERRED_PREFIX)) {
                return "451 4.7.1 <" + email + ">: Recipient address rejected: Greylisted, please try again later";
            }
            return super.checkRecipient(state, address);
        }

        @Override
        public void send(SmtpState state) {
            if (handoff == null) {
                super.send(state);
                return;
            }
            String name = String.format(Locale.ROOT, "%015d", handedOff.incrementAndGet());
            Path partial = handoff.resolve(name + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                state.getMessage().getMessage().writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
            try {
                Files.move(partial, handoff.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
