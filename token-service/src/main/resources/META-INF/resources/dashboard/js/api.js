// The API the dashboard uses: API.md "Team API" (Authorization: Bearer <team token or SSO JWT>)
// and the Sending API for the playground (x-lettermint-token). Same origin, relative URLs.
// The credential lives in sessionStorage only: never in a URL, a cookie or localStorage.

const SESSION_KEY = 'mintpost.dashboard.credential';

export class ApiError extends Error {
    constructor(status, body) {
        const message = body && typeof body.message === 'string' && body.message
            ? body.message
            : `The request failed (HTTP ${status}).`;
        super(message);
        this.status = status;
        this.error = body && body.error ? body.error : null;
        this.errors = body && body.errors && typeof body.errors === 'object' ? body.errors : {};
        this.body = body;
    }
}

export const session = {
    get() {
        try {
            return window.sessionStorage.getItem(SESSION_KEY);
        } catch (e) {
            return null;
        }
    },
    set(credential) {
        window.sessionStorage.setItem(SESSION_KEY, credential);
    },
    clear() {
        try {
            window.sessionStorage.removeItem(SESSION_KEY);
        } catch (e) {
            // nothing kept
        }
    },
};

/** Called with the ApiError when a signed-in call gets 401 (the session is over). */
let onUnauthenticated = () => {};

export function setUnauthenticatedHandler(handler) {
    onUnauthenticated = handler;
}

async function readBody(response) {
    const text = await response.text();
    if (!text) {
        return { text, json: null };
    }
    try {
        return { text, json: JSON.parse(text) };
    } catch (e) {
        return { text, json: null };
    }
}

/**
 * One Team API call. Resolves with the parsed JSON body (the raw text with {raw: true}); rejects with ApiError
 * (status 0 when the network failed).
 */
export async function teamApi(method, path, { body, query, credential, raw } = {}) {
    const token = credential || session.get();
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(query || {})) {
        if (value !== undefined && value !== null && value !== '') {
            url.searchParams.set(key, value);
        }
    }
    const headers = { Accept: 'application/json' };
    if (token) {
        headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            credentials: 'omit',
            cache: 'no-store',
        });
    } catch (e) {
        throw new ApiError(0, { message: 'Could not reach the server. Check your connection and try again.' });
    }
    const { text, json } = await readBody(response);
    if (!response.ok) {
        const error = new ApiError(response.status, json);
        if (response.status === 401 && !credential) {
            onUnauthenticated(error);
        }
        throw error;
    }
    return raw ? text : json;
}

const seg = encodeURIComponent;

export const api = {
    listProjects: (cursor, perPage) => teamApi('GET', '/v1/projects', { query: { cursor, per_page: perPage } }),
    createProject: (body) => teamApi('POST', '/v1/projects', { body }),
    getProject: (id) => teamApi('GET', `/v1/projects/${seg(id)}`),
    listRoutes: (projectId) => teamApi('GET', `/v1/projects/${seg(projectId)}/routes`,
        { query: { sort: 'created_at', 'page[size]': 100 } }),
    listTokens: (projectId, inactiveDays) => teamApi('GET', `/v1/projects/${seg(projectId)}/tokens`,
        { query: { inactive_days: inactiveDays } }),
    getTokenSettings: (projectId) => teamApi('GET', `/v1/projects/${seg(projectId)}/token-settings`),
    setTokenSettings: (projectId, body) => teamApi('PUT', `/v1/projects/${seg(projectId)}/token-settings`, { body }),
    createToken: (projectId, body) => teamApi('POST', `/v1/projects/${seg(projectId)}/tokens`, { body }),
    regenerateToken: (projectId, tokenId, body) =>
        teamApi('POST', `/v1/projects/${seg(projectId)}/tokens/${seg(tokenId)}/regenerate`, { body }),
    revokeToken: (projectId, tokenId) => teamApi('DELETE', `/v1/projects/${seg(projectId)}/tokens/${seg(tokenId)}`),
    listWorkloads: (projectId) => teamApi('GET', `/v1/projects/${seg(projectId)}/trusted-workloads`),
    createWorkload: (projectId, body) => teamApi('POST', `/v1/projects/${seg(projectId)}/trusted-workloads`, { body }),
    deleteWorkload: (projectId, id) =>
        teamApi('DELETE', `/v1/projects/${seg(projectId)}/trusted-workloads/${seg(id)}`),
    tokenLogs: (projectId, tokenId, { cursor, limit, outcome, channel }) =>
        teamApi('GET', `/v1/projects/${seg(projectId)}/tokens/${seg(tokenId)}/logs`,
            { query: { cursor, limit, outcome, channel } }),
};

/**
 * The playground's call: POST /v1/send with a project token. Never throws for an HTTP status:
 * resolves with {status, statusText, body (parsed JSON or text)}; status 0 when the network failed.
 */
export async function sendWithProjectToken(projectToken, payload) {
    try {
        const response = await fetch(new URL('/v1/send', window.location.origin), {
            method: 'POST',
            headers: {
                Accept: 'application/json',
                'Content-Type': 'application/json',
                'x-lettermint-token': projectToken,
            },
            body: JSON.stringify(payload),
            credentials: 'omit',
            cache: 'no-store',
        });
        const { text, json } = await readBody(response);
        return { status: response.status, statusText: response.statusText, body: json !== null ? json : text };
    } catch (e) {
        return { status: 0, statusText: 'Network error', body: 'Could not reach the server.' };
    }
}
