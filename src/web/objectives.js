// @ts-check
/**
 * The objectives strip: the few figures a commissioner judges a run by, kept in view while the page
 * scrolls, and printed at the top of the run summary. Every figure is read from the run's result
 * (GET /runs/{id}, SufficiencyResult) here and nowhere else, so a change to the result's fields is
 * one change in this file:
 *
 * - Children without a state place: totals.placedIndependent + totals.unmet (pupils; the model's
 *   "shortfall").
 * - Independent placements: totals.placedIndependent pupils; their cost, totals.independentCost
 *   (pounds a year = placements x the run's assumed cost of an independent place).
 * - 95th-percentile journey: totals.p95Minutes when the result gives one (model 2 does); for older
 *   runs it is estimated from byLocality: the 95th percentile of the rows' own p95Minutes, each row
 *   weighted by its pupils in state places (placedLocal + placedElsewhere). Labelled as an estimate:
 *   a county percentile cannot be recovered exactly from rows' percentiles.
 * - Share in bases and mainstream: pupils in SRP places (byLocality rows whose category starts
 *   "SRP-": placedLocal + placedElsewhere) plus mainstream pupils with outreach (totals.outreachDemand),
 *   as a share of every pupil the run counts (totals.demand + totals.outreachDemand). A run does not
 *   count EHCP pupils in mainstream without specialist support, so this is not DfE's mainstream share.
 *
 * Figures are shown in the council's units: whole pupils, pounds, minutes.
 */
import { h, money } from './dom.js';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const pupils = (/** @type {number} */ n) => `${whole.format(Math.round(n))}`;
const pounds = (/** @type {number} */ n) => (Math.abs(n) >= 1e6 ? `\u00a3${(n / 1e6).toFixed(1)}m` : money(n));
const pct = (/** @type {number} */ share) => `${(share * 100).toFixed(1)}%`;

/**
 * @typedef {{ key: string, label: string, short: string, value: number | null, text: string, detail: string,
 *   lowerIsBetter: boolean, change: (delta: number) => string }} Objective
 */

/**
 * Weighted 95th percentile of values (the smallest value with at least 95% of the weight at or below it).
 * @param {{ value: number, weight: number }[]} pairs
 */
function percentile95(pairs) {
  const total = pairs.reduce((s, p) => s + p.weight, 0);
  if (total <= 0) return null;
  const sorted = [...pairs].sort((a, b) => a.value - b.value);
  let cumulative = 0;
  for (const p of sorted) {
    cumulative += p.weight;
    if (cumulative >= 0.95 * total - 1e-9) return p.value;
  }
  return sorted[sorted.length - 1].value;
}

/**
 * The run's objectives, in the strip's order.
 * @param {any} result a sufficiency result
 * @returns {Objective[]}
 */
export function objectives(result) {
  const t = result.totals;
  const rows = /** @type {any[]} */ (result.byLocality);
  const statePlaced = (/** @type {any} */ r) => r.placedLocal + r.placedElsewhere;

  const without = t.placedIndependent + t.unmet;
  const exactP95 = typeof t.p95Minutes === 'number' ? t.p95Minutes : null;
  const p95 = exactP95 ?? percentile95(rows.filter((r) => r.p95Minutes !== null).map((r) => ({ value: r.p95Minutes, weight: statePlaced(r) })));
  const inBases = rows.filter((r) => String(r.category).startsWith('SRP-')).reduce((s, r) => s + statePlaced(r), 0);
  const counted = t.demand + t.outreachDemand;
  const share = counted > 0 ? (inBases + t.outreachDemand) / counted : null;

  const signedPupils = (/** @type {number} */ d) => (Math.round(d) === 0 ? 'no change' : `${d > 0 ? '+' : '\u2212'}${pupils(Math.abs(d))}`);
  return [
    {
      key: 'withoutStatePlace',
      label: 'Children without a state place',
      short: 'No state place',
      value: without,
      text: pupils(without),
      detail: `${pupils(t.placedIndependent)} in independent schools, ${pupils(t.unmet)} with no suitable place in reach`,
      lowerIsBetter: true,
      change: signedPupils,
    },
    {
      key: 'independent',
      label: 'Independent placements',
      short: 'Independent',
      value: t.placedIndependent,
      text: pupils(t.placedIndependent),
      detail: `${pounds(t.independentCost)} a year`,
      lowerIsBetter: true,
      change: signedPupils,
    },
    {
      key: 'p95Minutes',
      label: '95th-percentile journey',
      short: 'p95 journey',
      value: p95,
      text: p95 === null ? 'none' : `${whole.format(Math.round(p95))} min`,
      detail: exactP95 === null ? "estimate: from each locality row's 95th percentile" : 'of journeys to state places, from where children live',
      lowerIsBetter: true,
      change: (d) => (Math.round(d) === 0 ? 'no change' : `${d > 0 ? '+' : '\u2212'}${whole.format(Math.abs(Math.round(d)))} min`),
    },
    {
      key: 'basesAndMainstream',
      label: 'In bases or mainstream',
      short: 'Bases + mainstream',
      value: share,
      text: share === null ? 'none' : pct(share),
      detail: 'SRP places and mainstream with outreach, of the pupils the run counts',
      lowerIsBetter: false,
      change: (d) => (Math.abs(d) < 0.0005 ? 'no change' : `${d > 0 ? '+' : '\u2212'}${(Math.abs(d) * 100).toFixed(1)} points`),
    },
  ];
}

/**
 * The strip: each objective's figure, what it counts, and its change from the run compared with.
 * @param {HTMLElement} container
 * @param {any | null} result null when no run is selected
 * @param {any | null} [base] the result compared with
 */
export function renderObjectives(container, result, base) {
  if (!result) {
    container.replaceChildren(h('p', { class: 'muted' }, 'No run selected: run or pick a scenario to see its objectives.'));
    return;
  }
  const before = base ? new Map(objectives(base).map((o) => [o.key, o.value])) : null;
  container.replaceChildren(
    h(
      'dl',
      { class: 'objectives-list' },
      ...objectives(result).map((o) => {
        const was = before?.get(o.key);
        const delta = was === undefined || was === null || o.value === null ? null : o.value - was;
        const better = delta !== null && (o.lowerIsBetter ? delta < 0 : delta > 0);
        const changeText = delta === null ? null : o.change(delta);
        return h(
          'div',
          { class: 'objective', 'data-objective': o.key },
          // The short label is for a phone, where the strip is one line (styles.css); one of the two is shown.
          h('dt', {}, h('span', { class: 'label-long' }, o.label), h('span', { class: 'label-short' }, o.short)),
          h(
            'dd',
            {},
            h('span', { class: 'figure' }, o.text),
            changeText ? h('span', { class: `change ${changeText === 'no change' ? '' : better ? 'better' : 'worse'}` }, `(${changeText})`) : null,
            h('span', { class: 'detail' }, o.detail),
          ),
        );
      }),
    ),
  );
}

/**
 * Marks the strip `stuck` while it is held at the top of the window (it has scrolled up as far as
 * it goes), so that narrow screens can show it compactly there (styles.css): the full strip with
 * its details stays at the top of the page.
 * @param {HTMLElement} strip
 */
export function watchStuck(strip) {
  // With the root's top edge moved down 1 px, a strip held at top 0 is no longer wholly inside it.
  const observer = new IntersectionObserver(([entry]) => strip.classList.toggle('stuck', entry.intersectionRatio < 1 && entry.boundingClientRect.top <= 1), {
    rootMargin: '-1px 0px 0px 0px',
    threshold: [1],
  });
  observer.observe(strip);
}
