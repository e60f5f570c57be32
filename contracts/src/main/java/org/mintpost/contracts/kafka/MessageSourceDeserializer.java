package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.MessageSource;

public class MessageSourceDeserializer extends JsonDeserializer<MessageSource> {

    public MessageSourceDeserializer() {
        super(MessageSource.class);
    }
}
