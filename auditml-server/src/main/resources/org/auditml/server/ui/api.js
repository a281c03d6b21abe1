// Calls to the server's _ml and /api/ routes, with the API key (asked once, kept for the tab) when the server wants one.
const KEY = 'auditml.apiKey';

export class ApiError extends Error {
  constructor(status, reason) {
    super(reason);
    this.status = status;
  }
}

let asking = null;

function askKey() {
  if (!asking) {
    const dialog = document.getElementById('api-key');
    asking = new Promise(resolve => {
      dialog.addEventListener('close', () => {
        asking = null;
        resolve(dialog.querySelector('input').value.trim());
      }, {once: true});
      dialog.showModal();
    });
  }
  return asking;
}

export async function api(path, {method = 'GET', body} = {}) {
  const headers = {};
  const key = sessionStorage.getItem(KEY);
  if (key) headers.Authorization = 'ApiKey ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (response.status === 401) {
    const given = await askKey();
    if (given) {
      sessionStorage.setItem(KEY, given);
      return api(path, {method, body});
    }
  }
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {text};
  }
  if (!response.ok) throw new ApiError(response.status, json?.error?.reason || text || response.statusText);
  return json;
}

/** A query string of the parameters that have a value. */
export function qs(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') s.set(k, typeof v === 'object' ? JSON.stringify(v) : v);
  }
  const text = s.toString();
  return text ? '?' + text : '';
}
