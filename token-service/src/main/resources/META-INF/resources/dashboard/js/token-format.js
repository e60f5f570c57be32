// Client-side token format check (DESIGN §3): the prefix, the base62 body length and its CRC32
// checksum (last 6 characters, base62, most significant digit first). The server checks again;
// this only catches typos and pasted project tokens before a request is made.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_LENGTH = 6;
const TEAM_PREFIX = 'lm_team_';
const PROJECT_PREFIX = 'lm_';
const TEAM_BODY = 40;
const PROJECT_BODIES = [32, 22];

let crcTable = null;

function crc32(bytes) {
    if (!crcTable) {
        crcTable = new Uint32Array(256);
        for (let n = 0; n < 256; n++) {
            let c = n;
            for (let k = 0; k < 8; k++) {
                c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            crcTable[n] = c >>> 0;
        }
    }
    let crc = 0xFFFFFFFF;
    for (const b of bytes) {
        crc = crcTable[(crc ^ b) & 0xFF] ^ (crc >>> 8);
    }
    return (crc ^ 0xFFFFFFFF) >>> 0;
}

function checksum(text) {
    let value = crc32(new TextEncoder().encode(text));
    const digits = [];
    for (let i = 0; i < CHECKSUM_LENGTH; i++) {
        digits.unshift(ALPHABET[value % 62]);
        value = Math.floor(value / 62);
    }
    return digits.join('');
}

function checkBody(token, prefix, lengths) {
    const body = token.slice(prefix.length);
    if (!/^[0-9A-Za-z]+$/.test(body) || !lengths.includes(body.length)) {
        return false;
    }
    const split = token.length - CHECKSUM_LENGTH;
    return checksum(token.slice(0, split)) === token.slice(split);
}

/** True for a three-part base64url string, the shape of a JWT (the edge verifies it). */
function looksLikeJwt(value) {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

/**
 * Classifies what was typed into the sign-in form.
 * Returns {kind: 'team'|'sso'} when it may be used, or {error: '…'} with a message for the user.
 */
export function checkSignInCredential(raw) {
    const value = (raw || '').trim();
    if (!value) {
        return { error: 'Enter a team API token (lm_team_…) or an SSO token.' };
    }
    if (value.startsWith(TEAM_PREFIX)) {
        return checkBody(value, TEAM_PREFIX, [TEAM_BODY])
            ? { kind: 'team', value }
            : { error: 'This is not a valid team API token: check that it was copied completely (lm_team_ followed by 40 letters and digits).' };
    }
    if (value.startsWith(PROJECT_PREFIX)) {
        return { error: 'This is a project API token. It only sends email; sign in with a team API token (lm_team_…) instead.' };
    }
    if (looksLikeJwt(value)) {
        return { kind: 'sso', value };
    }
    return { error: 'Enter a team API token (it starts with lm_team_) or an SSO token (a JWT).' };
}

/** True when value is a well-formed project token (prefix, length, base62, checksum). */
export function isProjectToken(raw) {
    const value = (raw || '').trim();
    return value.startsWith(PROJECT_PREFIX) && !value.startsWith(TEAM_PREFIX)
        && checkBody(value, PROJECT_PREFIX, PROJECT_BODIES);
}
