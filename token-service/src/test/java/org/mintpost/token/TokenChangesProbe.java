package org.mintpost.token;

import java.time.Duration;
import java.util.List;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.TokenChangedDeserializer;

/** {@code token-changes} as the gateway reads it ({@link TokenChangedDeserializer}). */
public final class TokenChangesProbe extends ChangesReader<TokenChanged> {

    public TokenChangesProbe() {
        super(Topics.TOKEN_CHANGES, TokenChangedDeserializer.class);
    }

    /** Everything seen for one token, in log order (after polling for {@code wait}). */
    public List<TokenChanged> forToken(String tokenId, Duration wait) {
        return forKey(tokenId, wait);
    }
}
