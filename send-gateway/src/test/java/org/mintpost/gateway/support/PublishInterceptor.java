package org.mintpost.gateway.support;

import java.util.List;
import java.util.function.BiFunction;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.messaging.GatewayProducer;
import org.mintpost.gateway.messaging.KafkaSendJobPublisher;
import org.mintpost.gateway.service.SendJobPublisher;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.mutiny.Uni;

/** Puts a test's own step in front of the real send-jobs publisher, for the current test only. */
public final class PublishInterceptor {

    private PublishInterceptor() {
    }

    /**
     * @param around given the real publisher (real broker) and the jobs of one publish; answers that publish
     */
    public static void install(BiFunction<SendJobPublisher, List<SendJob>, Uni<Void>> around) {
        SendJobPublisher real = ClientProxy.unwrap(Arc.container().instance(KafkaSendJobPublisher.class).get());
        GatewayProducer producer = Arc.container().instance(GatewayProducer.class).get();
        GatewayConfig config = Arc.container().instance(GatewayConfig.class).get();
        QuarkusMock.installMockForType(new KafkaSendJobPublisher(producer, config) {
            @Override
            public Uni<Void> publishAll(List<SendJob> jobs) {
                return around.apply(real, jobs);
            }
        }, KafkaSendJobPublisher.class);
    }
}
