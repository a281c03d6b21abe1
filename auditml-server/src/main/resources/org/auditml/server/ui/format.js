// Shared formatting: times (UTC), severities with Kibana's colours, HTML escaping and element building.
export const SEVERITIES = [
  {label: 'critical', min: 75, color: '#fe5050'},
  {label: 'major', min: 50, color: '#fba740'},
  {label: 'minor', min: 25, color: '#fdec25'},
  {label: 'warning', min: 3, color: '#8bc8fb'},
  {label: 'low', min: 0, color: '#d2e9f7'},
];

export function severity(score) {
  return SEVERITIES.find(s => score >= s.min) || SEVERITIES[SEVERITIES.length - 1];
}

export function time(ms) {
  if (ms === null || ms === undefined) return '';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export function seconds(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A time as the datetime-local inputs take it (UTC). */
export function inputTime(ms) {
  return new Date(ms).toISOString().slice(0, 16);
}

export function parseInputTime(text) {
  return text ? Date.parse(text + 'Z') : null;
}

export function number(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(number).join(', ');
  return Math.abs(v) >= 100 || Number.isInteger(v) ? Math.round(v).toLocaleString('en') : Number(v).toPrecision(3);
}

/** Builds an element: el('td', {class: 'x'}, 'text', child...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.entries(v).forEach(([p, x]) => e.style.setProperty(p.replace(/[A-Z]/g, c => '-' + c.toLowerCase()), x));
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Text that may break after '_', '/', '.' or '-' (job ids, paths) rather than anywhere. */
export function breakable(text) {
  return String(text ?? '').split(/(?<=[_/.-])/).flatMap((part, i) => i ? [document.createElement('wbr'), part] : [part]);
}

export function badge(score) {
  const s = severity(score);
  return el('span', {class: 'badge', style: {background: s.color}, title: s.label}, Math.round(score));
}

export function errorBox(e) {
  return el('p', {class: 'error', role: 'alert'}, e.status ? `${e.status}: ${e.message}` : String(e.message || e));
}

/** Hours and minutes in Elastic's time units ("1h", "15m", "30s", "1d") to milliseconds. */
export function duration(text) {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text || '');
  if (!m) return null;
  return Number(m[1]) * {ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5}[m[2]];
}
