// @ts-check
/**
 * Designation demand under the current and proposed designations, by district, and who no longer
 * meets a special designation (GET /demand/designations). Self-contained: one container element.
 */
import { api } from './api.js';
import { count, h, signed, table } from './dom.js';
import { param, setParams } from './url-state.js';

const YEARS = [2025, 2026, 2027, 2028, 2029, 2030];
const VARIANTS = [
  ['central', 'Central projection'],
  ['low', 'Low variant'],
  ['high', 'High variant'],
];
/** Columns of the district table: a pathway, optionally one category of it. */
const COLUMNS = [
  { label: 'Special CLN', pathway: 'special', category: 'CLN' },
  { label: 'Special SEMH', pathway: 'special', category: 'SEMH' },
  { label: 'Special NLD', pathway: 'special', category: 'NLD' },
  { label: 'SRP (all need types)', pathway: 'srp', category: undefined },
  { label: 'Outreach', pathway: 'outreach', category: undefined },
  { label: 'FE (post-16)', pathway: 'fe', category: undefined },
];

/** @param {string | null} category @param {string} pathway */
function placeName(pathway, category) {
  const names = { special: 'special school', srp: 'SRP', outreach: 'mainstream with outreach', mainstream: 'mainstream', fe: 'further education', other: 'other' };
  const name = names[/** @type {keyof typeof names} */ (pathway)] ?? pathway;
  return category ? `${name} ${category}` : name;
}

/**
 * @param {HTMLElement} container
 * @param {(err: unknown) => void} onError
 */
export function initDesignationDemand(container, onError) {
  // The year and projection are kept in the address (?ddYear=2027&ddVariant=high).
  const askedYear = Number(param('ddYear'));
  const year0 = YEARS.includes(askedYear) ? askedYear : 2026;
  const variant0 = VARIANTS.some(([v]) => v === param('ddVariant')) ? param('ddVariant') : 'central';
  const yearSelect = h('select', { id: 'designation-demand-year' }, ...YEARS.map((y) => h('option', { value: y, selected: y === year0 }, String(y))));
  const variantSelect = h('select', { id: 'designation-demand-variant' }, ...VARIANTS.map(([v, label]) => h('option', { value: v, selected: v === variant0 }, label)));
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const output = h('div', { id: 'designation-demand-output' });
  container.replaceChildren(
    h(
      'form',
      { class: 'control-group inline-controls' },
      h('label', { for: 'designation-demand-year' }, 'Year (January)'),
      yearSelect,
      h('label', { for: 'designation-demand-variant' }, 'Projection'),
      variantSelect,
    ),
    status,
    output,
  );

  async function render() {
    const year = /** @type {HTMLSelectElement} */ (yearSelect).value;
    const variant = /** @type {HTMLSelectElement} */ (variantSelect).value;
    status.textContent = 'Loading designation demand...';
    setParams({ ddYear: year === '2026' ? null : year, ddVariant: variant === 'central' ? null : variant });
    const body = await api(`/demand/designations?year=${year}&variant=${variant}`);
    /** @type {Map<string, { name: string, cells: { current: number, proposed: number }[] }>} */
    const byDistrict = new Map();
    for (const r of body.rows) {
      const d = byDistrict.get(r.locality) ?? { name: r.localityName, cells: COLUMNS.map(() => ({ current: 0, proposed: 0 })) };
      byDistrict.set(r.locality, d);
      COLUMNS.forEach((c, i) => {
        if (r.pathway === c.pathway && (c.category === undefined || r.category === c.category)) {
          d.cells[i].current += r.current;
          d.cells[i].proposed += r.proposed;
        }
      });
    }
    const districts = [...byDistrict.values()].sort((a, b) => a.name.localeCompare(b.name));
    const cell = (/** @type {{ current: number, proposed: number }} */ x) => `${count(x.current)} \u2192 ${count(x.proposed)} (${signed(x.proposed - x.current)})`;
    const totals = COLUMNS.map((_, i) => ({ current: districts.reduce((s, d) => s + d.cells[i].current, 0), proposed: districts.reduce((s, d) => s + d.cells[i].proposed, 0) }));
    const moved = body.noLongerMeetSpecial;
    output.replaceChildren(
      h(
        'p',
        { class: 'note' },
        `Pupils needing each kind of place in January ${year}, school phases, current designations \u2192 proposed (difference). `,
        `The approved set has the proposed column's demand: officers' decisions change which school holds a designation, not what a child's needs meet. `,
        `Projection: ${body.projection.method} (${body.projection.variant}). Need profiles behind these figures are estimates (models/kent/DEMAND.md).`,
      ),
      table({
        id: 'designation-demand-table',
        caption: `Designation demand by district, January ${year}: current \u2192 proposed designations`,
        columns: [{ label: 'District', value: (d) => d.name }, ...COLUMNS.map((c, i) => ({ label: c.label, numeric: true, value: (/** @type {any} */ d) => cell(d.cells[i]) }))],
        rows: districts,
        footer: ['Kent', ...totals.map(cell)],
      }),
      h('h3', {}, `${count(moved.total)} pupils no longer meet a special designation`),
      table({
        id: 'designation-moves-table',
        caption: 'Pupils who meet a special designation today but none under the proposed guidance: by former designation and where they now need a place',
        columns: [
          { label: 'Former designation', value: (f) => (f.formerDesignation === 'SRP' ? 'SEN unit (post-16)' : f.formerDesignation) },
          { label: 'Pupils', numeric: true, value: (f) => count(f.total) },
          { label: 'Where they now need a place', value: (f) => f.to.map((/** @type {any} */ t) => `${placeName(t.pathway, t.category)} ${count(t.count)}`).join('; ') },
        ],
        rows: moved.byFormerDesignation,
      }),
      h(
        'p',
        {},
        'Download: ',
        h('a', { href: `/demand/designations?year=${year}&variant=${variant}&format=xlsx` }, `designation demand in ${year}, every table (Excel workbook)`),
        ', ',
        h('a', { href: `/demand/designations?year=${year}&variant=${variant}&format=csv` }, 'the rows (CSV)'),
        '.',
      ),
    );
    status.textContent = '';
    container.dataset.ready = 'true';
  }

  const refresh = () => render().catch(onError);
  yearSelect.addEventListener('change', refresh);
  variantSelect.addEventListener('change', refresh);
  return refresh();
}

/** Designation demand as a section of the Designations page (pages.js). */
export const designationDemandSection = {
  id: 'designation-demand-section',
  heading: 'Designation demand: current and proposed designations',
  containerId: 'designation-demand',
  init: (/** @type {HTMLElement} */ container, /** @type {{ showError: (err: unknown) => void }} */ context) => initDesignationDemand(container, context.showError),
};
