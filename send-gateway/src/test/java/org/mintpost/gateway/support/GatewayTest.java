package org.mintpost.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway against the real test broker, real Redis, the test key pair, the fake upstreams and an SMTP TLS pair. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(FakeUpstreams.class)
@WithTestResource(SmtpTlsResource.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface GatewayTest {
}
