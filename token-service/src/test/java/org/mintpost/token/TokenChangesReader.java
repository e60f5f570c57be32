package org.mintpost.token;

import java.time.Duration;
import java.util.List;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.TokenChangedDeserializer;

/** Reads {@code token-changes} as the gateway does, from the beginning, keeping every record seen. */
public final class TokenChangesReader extends TopicReader<TokenChanged> {

    public TokenChangesReader() {
        super(Topics.TOKEN_CHANGES, TokenChangedDeserializer.class);
    }

    /** Everything seen for one token, in log order (after polling for {@code wait}). */
    public List<TokenChanged> forToken(String tokenId, Duration wait) {
        return forKey(tokenId, wait);
    }
}
