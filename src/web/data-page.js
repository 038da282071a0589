// @ts-check
/**
 * The Data page's sections (pages.js): the dataset the service runs on (from /health), and how much
 * of its places are stated, estimated or assumed (each provision's capacity basis, from /provisions).
 * Issue 21 adds the council's own uploads and evidence grades of every answer beside these.
 */
import { api } from './api.js';
import { count, h, table } from './dom.js';

/** @type {import('./pages.js').Section} */
export const datasetSection = {
  id: 'dataset-section',
  heading: 'The dataset the service runs on',
  containerId: 'dataset',
  async init(container) {
    const health = await api('/health');
    const d = health.dataset;
    const facts = Object.entries(d).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
    container.replaceChildren(
      h('p', {}, `The service loads ${d.localAuthority}'s dataset from the files in its models folder at start-up; every figure there carries its source or says it is an estimate (models/kent/PROVENANCE.md).`),
      table({ caption: 'The dataset loaded', id: 'dataset-facts', rows: facts, columns: [{ label: 'What', value: ([k]) => k }, { label: 'Value', value: ([, v]) => (typeof v === 'number' ? count(v) : String(v)) }] }),
    );
  },
};

const GRADE_WORDS = { source: 'stated (a published source)', estimate: 'estimated (the method is given)', unknown: 'not known (assumed where needed)' };

/** @type {import('./pages.js').Section} */
export const evidenceSection = {
  id: 'evidence-section',
  heading: 'Evidence: stated, estimated or assumed',
  containerId: 'evidence',
  async init(container) {
    const { items } = await api('/provisions');
    /** @type {Map<string, { kind: string, grade: string, provisions: number, places: number, unstated: number }>} */
    const groups = new Map();
    for (const p of items) {
      const grade = String(p.capacityBasis ?? 'unknown').split(':')[0].trim() || 'unknown';
      const key = `${p.kind}|${grade}`;
      const g = groups.get(key) ?? { kind: p.kind, grade, provisions: 0, places: 0, unstated: 0 };
      g.provisions += 1;
      if (p.capacity === null) g.unstated += 1;
      else g.places += p.capacity;
      groups.set(key, g);
    }
    const rows = [...groups.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.grade.localeCompare(b.grade));
    container.replaceChildren(
      h('p', {}, 'Places at each kind of provision by what they rest on. Runs add assumed places where a capacity is not known; each run lists its assumptions with their basis, and its workbook (Excel) counts them by grade.'),
      table({
        caption: 'Places by kind of provision and evidence',
        id: 'evidence-table',
        rows,
        columns: [
          { label: 'Kind', value: (r) => r.kind },
          { label: 'Evidence', value: (r) => GRADE_WORDS[/** @type {keyof typeof GRADE_WORDS} */ (r.grade)] ?? r.grade },
          { label: 'Provisions', value: (r) => count(r.provisions), numeric: true },
          { label: 'Places', value: (r) => count(r.places), numeric: true },
          { label: 'With no places stated', value: (r) => count(r.unstated), numeric: true },
        ],
      }),
    );
  },
};
