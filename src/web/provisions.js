// @ts-check
/** Special schools and SRPs: marker popups and the provisions table. */
import { capacityWithBasis, count, h, percent, table } from './dom.js';

const KIND_NAMES = { 'special-school': 'Special school', srp: 'SRP', satellite: 'Special-school satellite' };

/**
 * @typedef {{ id: string, kind: 'special-school' | 'srp' | 'satellite', urn: number, name: string,
 *   designation: string | null, needTypes: string[], phase: string, ageLow: number, ageHigh: number,
 *   capacity: number | null, capacityBasis: string, roll: number | null, locality: { code: string, name: string },
 *   location: { lat: number, lon: number }, commissioning: string }} Provision
 * @typedef {{ provisionId: string, capacity: number, used: number, utilisation: number | null,
 *   marginalValue: number | null, capacityBasis?: string }} ProvisionResult
 */

/** @param {Provision} p @param {Record<string, string>} designationNames */
export function provisionSummary(p, designationNames) {
  if (p.kind === 'special-school') return p.designation ? `${designationNames[p.designation] ?? p.designation} (${p.designation})` : 'designation not known';
  return `${p.needTypes.join(', ')} unit`;
}

/**
 * The popup for one provision, with its figures in the selected run when there is one.
 * @param {Provision} p
 * @param {Record<string, string>} designationNames
 * @param {ProvisionResult | undefined} result
 * @param {string | null} runLabel
 */
export function provisionPopup(p, designationNames, result, runLabel) {
  /** @type {[string, Node | string][]} */
  const rows = [
    ['Type', KIND_NAMES[p.kind]],
    [p.kind === 'special-school' ? 'Designation' : 'Need type', provisionSummary(p, designationNames)],
    ['Ages', `${p.ageLow} to ${p.ageHigh} (${p.phase === 'all' ? 'all phases' : p.phase})`],
    ['Places', capacityWithBasis(p.capacity, p.capacityBasis)],
    ['Pupils on roll', p.roll === null ? 'not published' : count(p.roll)],
    ['District', p.locality.name],
  ];
  if (p.commissioning !== 'commissioned') rows.push(['Commissioning', p.commissioning]);
  if (result) {
    rows.push(
      ['Places in run', `${count(result.capacity)}${result.capacityBasis?.startsWith('estimate') ? ' (estimate)' : ''}`],
      ['Places used', count(result.used)],
      ['Utilisation', percent(result.utilisation)],
      ['Marginal value of one more place', result.marginalValue === null ? 'n/a' : `${count(result.marginalValue)} (objective units; 0 = spare places)`],
    );
  }
  return h(
    'div',
    { class: 'popup' },
    h('h3', { tabindex: -1 }, p.name),
    h('dl', {}, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    p.capacityBasis ? h('p', { class: 'hint' }, `Places: ${p.capacityBasis}`) : null,
    result && runLabel ? h('p', { class: 'hint' }, `Run figures from ${runLabel}.`) : null,
  );
}

/**
 * The provisions table: catalogue figures, and the run's use of each when a run is shown.
 * @param {Provision[]} provisions
 * @param {Record<string, string>} designationNames
 * @param {Map<string, ProvisionResult> | null} results
 */
export function provisionsTable(provisions, designationNames, results) {
  /** @type {{ label: string, value: (p: Provision) => Node | string, numeric?: boolean }[]} */
  const columns = [
    { label: 'Provision', value: (p) => p.name },
    { label: 'Type', value: (p) => KIND_NAMES[p.kind] },
    { label: 'Designation or need', value: (p) => provisionSummary(p, designationNames) },
    { label: 'District', value: (p) => p.locality.name },
    { label: 'Places (basis)', value: (p) => capacityWithBasis(p.capacity, p.capacityBasis), numeric: true },
  ];
  if (results) {
    columns.push(
      { label: 'Used in run', value: (p) => count(results.get(p.id)?.used), numeric: true },
      { label: 'Utilisation', value: (p) => percent(results.get(p.id)?.utilisation), numeric: true },
      { label: 'Marginal value of a place (objective units)', value: (p) => count(results.get(p.id)?.marginalValue), numeric: true },
    );
  }
  return table({ caption: results ? 'Provisions and their use in the selected run' : 'Special schools and SRPs', columns, rows: provisions, id: 'provisions' });
}
