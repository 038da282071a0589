// @ts-check
/**
 * The page's address holds what a reader chose (the run, the year, the comparison, the locality,
 * filters), so that it can be bookmarked and shared: reading it once when a page starts, and
 * rewriting it (replaceState: no new history entry per click) whenever a choice changes. Nothing
 * personal ever goes in the address: never a need profile or a key.
 */

/** @param {string} name @returns {string | null} */
export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/**
 * Sets some of the address's parameters; empty, null or undefined removes one.
 * @param {Record<string, string | number | boolean | null | undefined>} patch
 */
export function setParams(patch) {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '' || value === false) url.searchParams.delete(name);
    else url.searchParams.set(name, String(value));
  }
  if (url.href !== window.location.href) window.history.replaceState(null, '', url);
}
