package org.mintpost.token.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.contracts.token.Permissions;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.mintpost.token.config.TokenServiceConfig;
import org.mintpost.token.model.Team;
import org.mintpost.token.repository.TeamRepository;
import org.mintpost.token.repository.TokenRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * First start: when no team exists, creates the bootstrap team and its {@code Bootstrap} team token
 * holding every permission. The secret is never logged: it is written (mode 0600) to
 * {@code mintpost.bootstrap.token-file} and only its display form is logged.
 */
@ApplicationScoped
public class BootstrapService {

    public static final String TOKEN_NAME = "Bootstrap";

    private final TeamRepository teams;
    private final TokenRepository tokens;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;
    private final TokenServiceConfig config;

    public BootstrapService(TeamRepository teams, TokenRepository tokens, TokenIssuer issuer,
            ChangePublisher publisher, TokenServiceConfig config) {
        this.teams = teams;
        this.tokens = tokens;
        this.issuer = issuer;
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * The configured secret if any, checked by {@link TokenFormat}; empty when none is configured.
     *
     * @throws IllegalStateException (without the value) when it is not a valid team token
     */
    public static Optional<String> configuredSecret(Optional<String> configured) {
        Optional<String> value = configured.map(String::strip).filter(v -> !v.isEmpty());
        if (value.isPresent() && !TokenFormat.isValid(value.get(), TokenKind.TEAM)) {
            throw new IllegalStateException("mintpost.bootstrap.team-token (LETTERMINT_BOOTSTRAP_TEAM_TOKEN) is not a "
                    + "valid team token: it must be lm_team_ followed by 40 base62 characters whose last 6 are the "
                    + "CRC32 checksum (DESIGN §3). Unset it to have a token generated.");
        }
        return value;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::bootstrapIfEmpty);
    }

    /** Returns the bootstrap team token's id when one was created now, else null. */
    public Uni<UUID> bootstrapIfEmpty() {
        Optional<String> configured = configuredSecret(config.bootstrap().teamToken());
        Instant now = Clock.now();
        return Panache.withTransaction(() -> teams.lockForBootstrap()
                .chain(() -> tokens.countTeams())
                .chain(count -> {
                    if (count > 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Team team = new Team();
                    team.id = UUID.randomUUID();
                    team.name = config.bootstrap().teamName();
                    team.createdAt = now;
                    String secret = configured.orElseGet(TokenFormat::newTeamToken);
                    return teams.persist(team)
                            .chain(t -> issuer.issueWithSecret(t.id, null, false, TOKEN_NAME, null, null,
                                    Permissions.ALL, null, "system", now, secret));
                }))
                .invoke(issued -> {
                    if (issued != null) {
                        writeSecret(Path.of(config.bootstrap().tokenFile()), issued.secret());
                        Log.infof("bootstrap team token written to %s (%s)",
                                Path.of(config.bootstrap().tokenFile()).toAbsolutePath(), issued.token().display);
                        publisher.nudge();
                    }
                })
                .map(issued -> issued == null ? null : issued.token().id);
    }

    static void writeSecret(Path file, String secret) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.setPosixFilePermissions(file, ownerOnly);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the bootstrap team token file " + file.toAbsolutePath()
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
