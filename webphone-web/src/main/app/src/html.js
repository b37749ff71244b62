// Markup helpers shared by the components: escaped templates (names and numbers come from other
// people), the twelve keys of a phone, and call durations.

/** Markup built here, from escaped parts, that html`` must not escape again. */
export class Raw {
  constructor(markup) {
    this.markup = markup;
  }
}

export const escape = (v) =>
  String(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** A template whose values are escaped unless they are Raw. */
export const html = (strings, ...values) =>
  strings.reduce((out, s, i) => {
    if (i >= values.length) return out + s;
    const v = values[i];
    return out + s + (v instanceof Raw ? v.markup : escape(v));
  }, '');

export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export const keys = () =>
  new Raw(
    KEYS.map(
      (k) => `<button type="button" class="key" data-key="${escape(k)}">${escape(k)}</button>`,
    ).join(''),
  );

/** m:ss, or h:mm:ss from an hour on. */
export const clock = (seconds) => {
  const s = Math.floor(seconds);
  const mm = String(Math.floor(s / 60) % 60);
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
};

/** A button with `label` and class `cls` appended to `parent`, calling `onClick`. */
export function button(parent, label, cls, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = label;
  b.addEventListener('click', onClick);
  parent.append(b);
  return b;
}
