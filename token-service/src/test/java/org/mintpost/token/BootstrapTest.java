package org.mintpost.token;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.contracts.token.TokenKind;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;
import org.mintpost.token.service.BootstrapService;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** First start on an empty database: the bootstrap team and its all-permissions team token. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
class BootstrapTest {

    static final Path FILE = Path.of("target/bootstrap-team-token");

    @Inject
    BootstrapService bootstrap;

    @Test
    void theBootstrapTokenIsWrittenOwnerOnlyAndPublished() throws Throwable {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(FILE)));
        String secret = Files.readString(FILE).strip();
        assertTrue(TokenFormat.isValid(secret, TokenKind.TEAM), "a valid team token");

        String tokenId = ProjectTokenLifecycleTest.lookup(secret).statusCode(200)
                .body("kind", equalTo("team"))
                .body("name", equalTo("Bootstrap"))
                .body("status", equalTo("active"))
                .body("permissions", equalTo(Permissions.ALL))
                .extract().path("token_id");
        try (TokenChangesProbe changes = new TokenChangesProbe()) {
            TokenChanged created = changes.await(e -> e.tokenId().equals(tokenId), Duration.ofSeconds(15)).value();
            assertEquals(TokenFormat.sha256Hex(secret), created.tokenHash());
            assertEquals("system", created.actor());
        }

        // the log names the file and the display form, never the secret
        String log = Files.readString(Path.of("target/test-run.log"));
        assertTrue(log.contains("bootstrap team token written to"));
        assertTrue(log.contains(TokenFormat.display(secret)));
        assertFalse(log.contains(secret));

        // a second start with a team present creates nothing
        assertNull(VertxContextSupport.subscribeAndAwait(bootstrap::bootstrapIfEmpty));
    }

    @Test
    void aConfiguredTokenMustBeAValidTeamToken() {
        String valid = TokenFormat.newTeamToken();
        assertEquals(Optional.of(valid), BootstrapService.configuredSecret(Optional.of(" " + valid + "\n")));
        assertEquals(Optional.empty(), BootstrapService.configuredSecret(Optional.of("  ")));
        assertEquals(Optional.empty(), BootstrapService.configuredSecret(Optional.empty()));
        String typo = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
        for (String bad : new String[] {typo, TokenFormat.newProjectToken(), "lm_team_short"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> BootstrapService.configuredSecret(Optional.of(bad)));
            assertTrue(e.getMessage().contains("LETTERMINT_BOOTSTRAP_TEAM_TOKEN"));
            assertFalse(e.getMessage().contains(bad), "the value is not echoed");
        }
    }
}
