package org.mintpost.dispatch.support;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free port as the worker's upstream. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail greenMail;

    public static GreenMail greenMail() {
        return greenMail;
    }

    public static GreenMail startGreenMail() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        g.start();
        return g;
    }

    @Override
    public Map<String, String> start() {
        greenMail = startGreenMail();
        return Map.of("mintpost.upstream.host", "127.0.0.1", "mintpost.upstream.port",
                Integer.toString(greenMail.getSmtp().getPort()));
    }

    @Override
    public void stop() {
        greenMail.stop();
    }
}
