// The dashboard shell: a hash router (nothing secret ever goes into the URL), the header with
// sign-out, focus on the new page's heading after each navigation, and the session-ended path.
import { session, setUnauthenticatedHandler } from './api.js';
import { h, replace } from './dom.js';
import { refreshRelativeTimes } from './time.js';
import { signInView } from './views/signin.js';
import { projectsView } from './views/projects.js';
import { projectView } from './views/project.js';
import { tokensView } from './views/tokens.js';
import { logsView } from './views/logs.js';
import { playgroundView } from './views/playground.js';
import { domainsView, domainView } from './views/domains.js';
import { suppressionsView } from './views/suppressions.js';
import { webhooksView } from './views/webhooks.js';
import { messagesView } from './views/messages.js';
import { messageView } from './views/message.js';

const main = document.getElementById('main');
const nav = document.getElementById('site-nav');
let notice = null;
let renderCount = 0;

const routes = [
    [/^\/projects$/, () => projectsView()],
    [/^\/projects\/([^/]+)$/, (m) => projectView(m[1])],
    [/^\/projects\/([^/]+)\/tokens$/, (m) => tokensView(m[1])],
    [/^\/projects\/([^/]+)\/tokens\/([^/]+)\/logs$/, (m) => logsView(m[1], m[2])],
    [/^\/projects\/([^/]+)\/playground$/, (m) => playgroundView(m[1])],
    [/^\/projects\/([^/]+)\/routes\/([^/]+)\/webhooks$/, (m) => webhooksView(m[1], m[2])],
    [/^\/domains$/, () => domainsView()],
    [/^\/suppressions$/, () => suppressionsView()],
    [/^\/domains\/([^/]+)$/, (m) => domainView(m[1])],
    [/^\/messages$/, () => messagesView()],
    [/^\/messages\/([^/]+)$/, (m) => messageView(m[1])],
];

export function navigate(path) {
    if (window.location.hash === `#${path}`) {
        render();
    } else {
        window.location.hash = path;
    }
}

function currentPath() {
    const hash = window.location.hash.replace(/^#/, '');
    return hash || '/projects';
}

function renderNav(signedIn) {
    if (!signedIn) {
        replace(nav);
        return;
    }
    const signOut = h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'sign-out' }, 'Sign out');
    signOut.addEventListener('click', () => {
        session.clear();
        notice = 'You are signed out. The token was removed from this browser tab.';
        navigate('/signin');
    });
    replace(nav,
        h('a', { href: '#/projects', class: 'nav-link' }, 'Projects'),
        h('a', { href: '#/messages', class: 'nav-link', 'data-testid': 'nav-messages' }, 'Messages'),
        h('a', { href: '#/domains', class: 'nav-link', 'data-testid': 'nav-domains' }, 'Domains'),
        h('a', { href: '#/suppressions', class: 'nav-link', 'data-testid': 'nav-suppressions' }, 'Suppressions'),
        signOut);
}

async function render() {
    const path = currentPath();
    const signedIn = Boolean(session.get());
    renderNav(signedIn);
    const count = ++renderCount;
    let view;
    if (!signedIn || path === '/signin') {
        if (signedIn) {
            navigate('/projects');
            return;
        }
        // after signing in, go where the person was heading (a bookmarked project page), else to Projects
        view = signInView({ notice, onSignedIn: () => (path === '/signin' ? navigate('/projects') : render()) });
        notice = null;
    } else {
        const route = routes.find(([pattern]) => pattern.test(path));
        if (!route) {
            view = {
                title: 'Page not found',
                node: h('section', {}, h('h1', { tabindex: '-1' }, 'Page not found'),
                    h('p', {}, h('a', { href: '#/projects' }, 'Go to Projects'))),
            };
        } else {
            const match = path.match(route[0]);
            view = route[1](match.map((part, i) => (i === 0 ? part : decodeURIComponent(part))));
        }
    }
    // a view may be a promise-free object {title, node, ready?}; stale renders are dropped
    if (count !== renderCount) {
        return;
    }
    document.title = `${view.title} · mintpost dashboard`;
    replace(main, view.node);
    const heading = main.querySelector('h1');
    if (heading && !view.keepFocus) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: false });
    }
    if (view.ready) {
        view.ready();
    }
}

setUnauthenticatedHandler((error) => {
    if (!session.get()) {
        return;
    }
    session.clear();
    notice = `Your session ended: ${error.message} Sign in again.`;
    navigate('/signin');
});

// the skip link must not change the hash (the router owns it)
document.querySelector('.skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
});
window.addEventListener('hashchange', render);
window.setInterval(() => refreshRelativeTimes(main), 30000);
render();
