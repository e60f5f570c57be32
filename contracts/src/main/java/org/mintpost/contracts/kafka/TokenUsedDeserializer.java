package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.TokenUsed;

public class TokenUsedDeserializer extends JsonDeserializer<TokenUsed> {

    public TokenUsedDeserializer() {
        super(TokenUsed.class);
    }
}
