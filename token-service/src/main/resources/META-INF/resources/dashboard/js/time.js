// Relative times ("3 minutes ago") with the exact time on hover and for assistive technology.
import { h } from './dom.js';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const UNITS = [
    ['year', 365 * 24 * 3600],
    ['month', 30 * 24 * 3600],
    ['week', 7 * 24 * 3600],
    ['day', 24 * 3600],
    ['hour', 3600],
    ['minute', 60],
];

/** "just now", "5 minutes ago", "in 2 days". */
export function relativeTime(date, now = Date.now()) {
    const seconds = Math.round((date.getTime() - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs < 45) {
        return 'just now';
    }
    for (const [unit, size] of UNITS) {
        if (abs >= size) {
            return relative.format(Math.round(seconds / size), unit);
        }
    }
    return relative.format(Math.round(seconds / 60), 'minute');
}

/** The exact time in the user's locale and time zone, with the zone's UTC offset spelled out. */
export function exactTime(date) {
    return `${exact.format(date)} (${date.toISOString().replace('.000Z', 'Z')})`;
}

/**
 * A <time> element showing a relative time, with the exact time as its tooltip (title) and
 * datetime attribute; `empty` is shown when the value is missing.
 */
export function timeCell(iso, empty = 'Never') {
    if (!iso) {
        return h('span', { class: 'muted' }, empty);
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return h('span', {}, String(iso));
    }
    return h('time', { datetime: date.toISOString(), title: exactTime(date), tabindex: 0 }, relativeTime(date));
}

/** Re-renders every relative time on the page (called every 30 s). */
export function refreshRelativeTimes(root = document) {
    for (const el of root.querySelectorAll('time[datetime]')) {
        if (el.dataset.fixed) {
            continue;
        }
        el.textContent = relativeTime(new Date(el.getAttribute('datetime')));
    }
}
