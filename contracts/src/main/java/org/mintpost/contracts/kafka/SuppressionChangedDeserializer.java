package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.SuppressionChanged;

public class SuppressionChangedDeserializer extends JsonDeserializer<SuppressionChanged> {

    public SuppressionChangedDeserializer() {
        super(SuppressionChanged.class);
    }
}
