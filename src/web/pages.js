// @ts-check
/**
 * The dashboard's pages, one per job, and the sections each is made of. Every page is at its own
 * address (/app/<id>, `/` is Sufficiency) and served the same document (index.html): the shell
 * (app.js) shows the page the address names and starts only that page's modules.
 *
 * Adding a section to a page (how issues 21, 22 and 23 drop their views in): write a module that
 * exports a section,
 *
 *   export const impactSection = {
 *     id: 'designation-impact-section',          // the section's element id; its heading is `${id}-heading`
 *     heading: 'Impact assessment',              // the h2
 *     containerId: 'designation-impact',         // the id of the div it draws into
 *     init(container, context) { ... },          // draws into that div; may return a promise
 *   };
 *
 * and list it in the page's `sections` below, in the order the page shows them. `context` gives
 * `showError(err)` (the page's error box) and `params` / `setParams` (url-state.js) for any choice
 * worth keeping in the address. A section that needs a key reads it through api.js (key handling is
 * in one place: api.js and key-form.js) and redraws on the document's `planner:key` event.
 */
import { reviewSection } from './review.js';
import { designationDemandSection } from './designation-demand.js';
import { datasetSection, evidenceSection } from './data-page.js';

/**
 * @typedef {{ showError: (err: unknown) => void, param: (name: string) => string | null,
 *   setParams: (patch: Record<string, string | number | boolean | null | undefined>) => void }} SectionContext
 * @typedef {{ id: string, heading: string, containerId: string, init: (container: HTMLElement, context: SectionContext) => unknown }} Section
 * @typedef {{ id: string, title: string, role: string, description: string, strip?: boolean, sections?: Section[] }} Page
 */

/** @type {Page[]} */
export const PAGES = [
  { id: 'sufficiency', title: 'Sufficiency', role: 'Commissioners', description: 'Scenarios, runs and paths: where places and outreach are short, on a map, compared with another run.', strip: true },
  { id: 'demand', title: 'Demand', role: 'Commissioners', description: "Kent's EHCPs since 2010, the projection with its band, and how well the projection method forecast the past." },
  { id: 'plans', title: 'Capital plans', role: 'Commissioners', description: 'Which places to build, where and when, within a capital budget.' },
  { id: 'placements', title: 'Placements', role: 'Placement planners', description: 'For one child or a file of many: the level of support, and the provisions near home that can take them.' },
  {
    id: 'designations',
    title: 'Designations',
    role: 'Officers',
    description: "Each special school's proposed designation to review, and the demand the designations make.",
    // Issue 22 adds its variant designation sets and impact assessment here.
    sections: [reviewSection, designationDemandSection],
  },
  {
    id: 'data',
    title: 'Data',
    role: 'Admins',
    description: "The council's data the service runs on, and how much of it is stated, estimated or assumed.",
    // Issue 21 adds the council's uploads and evidence grades (and its sensitivity chart) here.
    sections: [datasetSection, evidenceSection],
  },
  { id: 'keys', title: 'API keys', role: 'Admins', description: 'Make, list and revoke API keys; every change is in the key log.' },
];

/** The page an address names: /app/<id>, or / for Sufficiency; null for an unknown page. */
export function pageOf(/** @type {string} */ pathname) {
  if (pathname === '/' || pathname === '') return PAGES[0];
  const match = /^\/app\/([a-z-]+)\/?$/.exec(pathname);
  return (match && PAGES.find((p) => p.id === match[1])) || null;
}

export const pagePath = (/** @type {Page} */ page) => `/app/${page.id}`;
