package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.DomainChanged;

public class DomainChangedDeserializer extends JsonDeserializer<DomainChanged> {

    public DomainChangedDeserializer() {
        super(DomainChanged.class);
    }
}
