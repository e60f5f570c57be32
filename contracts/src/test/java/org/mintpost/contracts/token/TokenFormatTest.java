package org.mintpost.contracts.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFormatTest {

    // Known-answer vectors made by an independent implementation of DESIGN §3.
    static final String PROJECT_VECTOR = "lm_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEFS";
    static final String TEAM_VECTOR = "lm_team_fgLcJ4fe4z9qN8BDX1fX4tgryBS00Bw0ys16PY75";

    @Test
    void knownAnswerVectorsAreValid() {
        assertEquals(Optional.of(TokenKind.PROJECT), TokenFormat.parse(PROJECT_VECTOR));
        assertEquals(Optional.of(TokenKind.TEAM), TokenFormat.parse(TEAM_VECTOR));
    }

    @ParameterizedTest
    @ValueSource(strings = {PROJECT_VECTOR, TEAM_VECTOR})
    void changingAnyOneCharacterBreaksTheToken(String vector) {
        for (int i = 0; i < vector.length(); i++) {
            for (char c : (TokenFormat.ALPHABET + "_-").toCharArray()) {
                if (c == vector.charAt(i)) {
                    continue;
                }
                String mutated = vector.substring(0, i) + c + vector.substring(i + 1);
                assertFalse(TokenFormat.isValid(mutated), () -> "accepted " + mutated);
            }
        }
    }

    @Test
    void generatedTokensRoundTripAndMatchTheSdkAndScannerPatterns() {
        Pattern sdkProject = Pattern.compile("^lm_[0-9A-Za-z]+$");
        Pattern sdkTeam = Pattern.compile("^lm_team_[0-9A-Za-z]+$");
        Pattern scanner = Pattern.compile(TokenFormat.SCANNER_PATTERN);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String project = TokenFormat.newProjectToken();
            String shortProject = TokenFormat.newShortProjectToken();
            String team = TokenFormat.newTeamToken();
            assertEquals(3 + 32, project.length());
            assertEquals(3 + 22, shortProject.length());
            assertEquals(8 + 40, team.length());
            assertTrue(TokenFormat.isValid(project, TokenKind.PROJECT));
            assertTrue(TokenFormat.isValid(shortProject, TokenKind.PROJECT));
            assertTrue(TokenFormat.isValid(team, TokenKind.TEAM));
            assertTrue(sdkProject.matcher(project).matches());
            assertTrue(sdkProject.matcher(shortProject).matches());
            assertTrue(sdkTeam.matcher(team).matches());
            assertTrue(scanner.matcher(project).matches());
            assertTrue(scanner.matcher(team).matches());
            assertTrue(seen.add(project));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lm_", "lm_team_", "Bearer x", "lm_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEF",
        "lm_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEFSS", "LM_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEFS",
        "lm_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEF\u00e9", "lm_team_2wl5IkxdYbT9Msky0tq6j1rj4N2RVEFS"})
    void malformedTokensAreRefused(String token) {
        assertFalse(TokenFormat.isValid(token));
    }

    @Test
    void nullIsRefused() {
        assertFalse(TokenFormat.isValid(null));
    }

    @Test
    void checksumIsBase62OfCrc32() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("lm_abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long value = crc.getValue();
        String sum = TokenFormat.checksum("lm_abc");
        long back = 0;
        for (char c : sum.toCharArray()) {
            back = back * 62 + TokenFormat.ALPHABET.indexOf(c);
        }
        assertEquals(value, back);
        assertEquals(6, sum.length());
    }

    @Test
    void hashIsLowerHexSha256() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                TokenFormat.sha256Hex("hello"));
        assertEquals(64, TokenFormat.sha256Hex(PROJECT_VECTOR).length());
    }

    @Test
    void displayFormRevealsOnlyEightBodyCharacters() {
        assertEquals("lm_2wl5…VEFS", TokenFormat.display(PROJECT_VECTOR));
        assertEquals("lm_team_fgLc…PY75", TokenFormat.display(TEAM_VECTOR));
        assertEquals("lm_…", TokenFormat.display("lm_short"));
        assertEquals("", TokenFormat.display(null));
    }
}
