package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.SendJob;

public class SendJobDeserializer extends JsonDeserializer<SendJob> {

    public SendJobDeserializer() {
        super(SendJob.class);
    }
}
