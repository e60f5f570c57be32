package org.mintpost.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Runs last of the tests on the default profile (Quarkus groups test classes by profile, then orders each group
 * by {@code @Order}: see the module's Surefire settings): scans the log of the run so far, in which the other
 * tests made, regenerated and revoked tokens, for any token secret.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "mintpost_tokens_test"))
@QuarkusTestResource(TestKafka.class)
@QuarkusTestResource(JwtKeysResource.class)
@Order(Integer.MAX_VALUE)
class LogScanTest {

    static final Pattern CANDIDATE = Pattern.compile("(?<![0-9A-Za-z])" + TokenFormat.SCANNER_PATTERN
            + "(?![0-9A-Za-z])");

    static List<String> secretsIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (TokenFormat.isValid(m.group())) {
                found.add(TokenFormat.display(m.group()));
            }
        }
        return found;
    }

    @Test
    void theScannerFindsAPlantedSecret() {
        String planted = "x " + TokenFormat.newProjectToken() + " y " + TokenFormat.newTeamToken() + ".";
        assertEquals(2, secretsIn(planted).size());
        assertEquals(0, secretsIn("display lm_AbCd…x9Zq and lm_team_ and lm_" + "a".repeat(32)).size());
    }

    @Test
    void noTokenSecretInTheLogsOfTheWholeRun() throws Exception {
        // make sure this run did mint tokens, then flush them through the whole path once more
        TestApi api = TestApi.newTeam();
        String projectId = api.newProject("Scan").get("id");
        api.request().post("/v1/projects/" + projectId + "/rotate-token").then().statusCode(200);
        String log = Files.readString(Path.of("target/test-run.log"));
        assertTrue(log.contains("bootstrap team token written to"), "this is the log of this run");
        List<String> secrets = secretsIn(log);
        assertTrue(secrets.isEmpty(), "token secrets in the test log: " + secrets);
        // DKIM private keys (DomainApiTest made and rotated some): neither PEM nor the base64 of a PKCS#8 RSA key,
        // nor the test key-encryption key
        for (String marker : List.of("PRIVATE KEY", "IBADANBgkqhkiG9w0BAQEFAASC",
                "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=")) {
            assertFalse(log.contains(marker), "key material in the test log: " + marker);
        }
    }
}
