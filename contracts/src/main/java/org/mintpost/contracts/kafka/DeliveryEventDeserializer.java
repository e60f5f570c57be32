package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.DeliveryEvent;

public class DeliveryEventDeserializer extends JsonDeserializer<DeliveryEvent> {

    public DeliveryEventDeserializer() {
        super(DeliveryEvent.class);
    }
}
