package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.dispatch.support.ScriptedSmtpResource;
import org.mintpost.dispatch.support.ScriptedSmtpServer;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One sender, one upstream connection: a connection used moments ago is reused without a {@code NOOP} round trip
 * first, and when the upstream has hung it up meanwhile, the message goes out at once on a new connection (the
 * dead connection fails at {@code MAIL FROM}, before anything was sent) instead of soft-bouncing into a retry.
 */
@QuarkusTest
@TestProfile(ConnectionReuseTest.OneConnection.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(ScriptedSmtpResource.class)
class ConnectionReuseTest extends WithKafkaClient {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.upstream.max-pool-size", "1");
        }
    }


    static ScriptedSmtpServer smtp() {
        return ScriptedSmtpResource.server();
    }

    @Test
    void aConnectionUsedMomentsAgoIsReusedWithoutANoopAndReplacedAtOnceWhenTheUpstreamHungUp() {
        int noops = smtp().noops();
        for (int i = 0; i < 3; i++) {
            SendJob hangsUp = Jobs.simple(FailureModesTest.unique("close1"));
            SendJob next = Jobs.simple(FailureModesTest.unique("after-close"));
            kafka.send(hangsUp);
            kafka.send(next);
            await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(next.messageId()).contains("delivered"));
            assertEquals(List.of("delivered"), kafka.statuses(hangsUp.messageId()));
            assertEquals(List.of("delivered"), kafka.statuses(next.messageId()),
                    "sent on a new connection at once, not soft-bounced into a retry");
        }
        assertEquals(noops, smtp().noops(), "no NOOP before reusing a connection used moments ago");
    }
}
