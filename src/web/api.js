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
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  const key = apiKey.get();
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const data = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  if (!res.ok) {
    const message = typeof data === 'object' && data?.message ? data.message : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return data;
}

/** A message for a failed call that tells the user what to do about it. */
export function explain(/** @type {unknown} */ err) {
  if (err instanceof ApiError) {
    if (err.status === 401) return `${err.message}. Enter an API key under "Your API key".`;
    if (err.status === 403) return `${err.message}. Your key's role does not allow this.`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
