package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.TokenChanged;

public class TokenChangedDeserializer extends JsonDeserializer<TokenChanged> {

    public TokenChangedDeserializer() {
        super(TokenChanged.class);
    }
}
