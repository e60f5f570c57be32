package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.MessageCommand;

public class MessageCommandDeserializer extends JsonDeserializer<MessageCommand> {

    public MessageCommandDeserializer() {
        super(MessageCommand.class);
    }
}
