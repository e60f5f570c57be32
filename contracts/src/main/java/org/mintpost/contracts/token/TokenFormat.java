package org.mintpost.contracts.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The token format of DESIGN §3: {@code lm_} + 32 (or 22 with {@code short_token}) base62 characters
 * for project tokens, {@code lm_team_} + 40 for team tokens. The body's last 6 characters are the
 * CRC32 (IEEE) of everything before them, prefix included, in base62, most significant digit first,
 * left-padded with {@code 0}. A mistyped token is therefore rejected without any lookup.
 */
public final class TokenFormat {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final int CHECKSUM_LENGTH = 6;
    public static final int SHORT_BODY_LENGTH = 22;
    /** What secret scanners match; the checksum then confirms a hit offline. */
    public static final String SCANNER_PATTERN = "lm_(team_)?[0-9A-Za-z]{22,40}";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFormat() {
    }

    /** A new random project token with the full 32-character body. */
    public static String newProjectToken() {
        return generate(TokenKind.PROJECT, TokenKind.PROJECT.bodyLength());
    }

    /** A new random project token with the 22-character body asked for by {@code short_token: true}. */
    public static String newShortProjectToken() {
        return generate(TokenKind.PROJECT, SHORT_BODY_LENGTH);
    }

    public static String newTeamToken() {
        return generate(TokenKind.TEAM, TokenKind.TEAM.bodyLength());
    }

    static String generate(TokenKind kind, int bodyLength) {
        StringBuilder token = new StringBuilder(kind.prefix());
        for (int i = 0; i < bodyLength - CHECKSUM_LENGTH; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return token.append(checksum(token)).toString();
    }

    /**
     * The kind of a well-formed token (right prefix, length, alphabet and checksum), or empty.
     * Runs in time independent of where a mistyped character is, and never throws.
     */
    public static Optional<TokenKind> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        TokenKind kind;
        if (token.startsWith(TokenKind.TEAM.prefix())) {
            kind = TokenKind.TEAM;
        } else if (token.startsWith(TokenKind.PROJECT.prefix())) {
            kind = TokenKind.PROJECT;
        } else {
            return Optional.empty();
        }
        int bodyLength = token.length() - kind.prefix().length();
        boolean lengthOk = bodyLength == kind.bodyLength()
                || (kind == TokenKind.PROJECT && bodyLength == SHORT_BODY_LENGTH);
        if (!lengthOk || !isBase62(token, kind.prefix().length())) {
            return Optional.empty();
        }
        int split = token.length() - CHECKSUM_LENGTH;
        String expected = checksum(token.subSequence(0, split));
        boolean same = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                token.substring(split).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(kind) : Optional.empty();
    }

    public static boolean isValid(String token) {
        return parse(token).isPresent();
    }

    public static boolean isValid(String token, TokenKind kind) {
        return parse(token).filter(kind::equals).isPresent();
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: the only form kept at rest and on Kafka. */
    public static String sha256Hex(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The form shown in lists and logs: prefix, first 4 and last 4 body characters, e.g.
     * {@code lm_AbCd…x9Zq}. Safe for anything, including a malformed string: it never reveals more.
     */
    public static String display(String token) {
        if (token == null || token.isEmpty()) {
            return "";
        }
        String prefix = token.startsWith(TokenKind.TEAM.prefix()) ? TokenKind.TEAM.prefix()
                : token.startsWith(TokenKind.PROJECT.prefix()) ? TokenKind.PROJECT.prefix() : "";
        String body = token.substring(prefix.length());
        if (body.length() < 16) {
            return prefix + "…";
        }
        return prefix + body.substring(0, 4) + "…" + body.substring(body.length() - 4);
    }

    static String checksum(CharSequence prefixAndPayload) {
        CRC32 crc = new CRC32();
        crc.update(prefixAndPayload.toString().getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    private static boolean isBase62(String token, int from) {
        for (int i = from; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
