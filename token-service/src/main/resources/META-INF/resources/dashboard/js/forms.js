// Showing API errors ({"message","error","errors":{field:[…]}}) next to the fields they name.

/**
 * @param error   an ApiError
 * @param fields  {apiFieldName: {setErrors, input}} — keys like "to.0" match the field "to"
 * @param alert   a formAlert() for the message (and for errors naming no known field)
 * @returns the first field input that got an error (to focus), or null
 */
export function showApiErrors(error, fields, alert) {
    const perField = {};
    const unplaced = [];
    for (const [key, messages] of Object.entries(error.errors || {})) {
        const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
        const base = key.split('.')[0];
        if (fields[key]) {
            (perField[key] ||= []).push(...list);
        } else if (fields[base]) {
            (perField[base] ||= []).push(...list);
        } else {
            unplaced.push(...list.map((m) => `${key}: ${m}`));
        }
    }
    let first = null;
    for (const [name, field] of Object.entries(fields)) {
        field.setErrors(perField[name] || []);
        if (perField[name] && !first) {
            first = field.input;
        }
    }
    // the message often repeats the one field error ("The name has already been taken."): say it once
    const placed = Object.values(perField).flat();
    const message = placed.includes(error.message) ? null : error.message;
    alert.show([message, ...unplaced].filter(Boolean).join(' '));
    return first;
}

/** Clears every field's error and the alert. */
export function clearErrors(fields, alert) {
    for (const field of Object.values(fields)) {
        field.setErrors([]);
    }
    alert.clear();
}

/** Disables a submit button while a request runs, with a busy label. */
export async function busy(button, label, work) {
    const original = button.textContent;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = label;
    try {
        return await work();
    } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
        button.textContent = original;
    }
}
