// @ts-check
/** Calls to the service's own API (same origin), with the API key when the user entered one. */

const KEY_STORAGE = 'send-planner.apiKey';

/** The key lives in sessionStorage only: it goes when the tab closes. */
export const apiKey = {
  /** @returns {string | null} */
  get: () => sessionStorage.getItem(KEY_STORAGE),
  /** @param {string} key */
  set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** An API answer other than 2xx, with the service's message. */
export class ApiError extends Error {
  /** @param {number} status @param {string} message @param {{ path: string, message: string }[]} [issues] the fields at fault */
  constructor(status, message, issues = []) {
    super(message);
    this.status = status;
    this.issues = issues;
  }
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, text?: string, contentType?: string, accept?: string, headers?: Record<string, string> }} [options]
 *   `body` is sent as JSON; `text` as it is, with `contentType` (a CSV upload).
 * @returns {Promise<any>} the parsed JSON, or the text of another content type
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: options.accept ?? 'application/json', ...options.headers };
  const key = apiKey.get();
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.text !== undefined) headers['content-type'] = options.contentType ?? 'text/plain';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : options.text,
  });
  const text = await res.text();
  const data = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  if (!res.ok) {
    const message = typeof data === 'object' && data?.message ? data.message : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message, typeof data === 'object' && Array.isArray(data?.issues) ? data.issues : []);
  }
  return data;
}

/** A message for a failed call that tells the user what to do about it. */
export function explain(/** @type {unknown} */ err) {
  if (err instanceof ApiError) {
    if (err.status === 401) return `${err.message}. Enter an API key under "Your API key".`;
    // A 403 is also a shipped scenario refusing changes: that message says why on its own.
    if (err.status === 403 && /role/.test(err.message)) return `${err.message}. Your key's role does not allow this.`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
