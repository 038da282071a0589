// @ts-check
/**
 * What every page may need from the catalogue, fetched once per page load: the designations' and
 * SRP need types' names, the provisions, and the localities' shapes by level.
 */
import { api } from './api.js';

/** @type {Record<string, string>} current designations of special schools */
export const designationNames = {};
/** @type {Record<string, string>} categories of a run: proposed designations and SRP need types */
export const categoryNames = {};
/** @type {Record<string, Promise<any>>} */
const localityCollections = {};

let loaded = /** @type {Promise<void> | null} */ (null);

/** The designations' names (once). */
export function loadNames() {
  return (loaded ??= api('/designations').then((designations) => {
    for (const d of designations.current) designationNames[d.code] = d.name;
    for (const d of designations.proposed) categoryNames[d.code] = d.name;
    for (const n of designations.srpNeedTypes) categoryNames[`SRP-${n.code}`] = n.name;
  }));
}

/** A run's category in words: "Complex Learning Needs (CLN)", "SRP: Autism". @param {string} code */
export function categoryName(code) {
  const name = categoryNames[code];
  if (code.startsWith('SRP-')) return `SRP: ${name ?? code.slice(4)}`;
  return name ? `${name} (${code})` : code;
}

/** The localities of a level as a GeoJSON feature collection (once). @param {string} level */
export function localities(level) {
  return (localityCollections[level] ??= api(`/localities?level=${level}`));
}
