/**
 * Writes the sufficiency model's own data files in models/kent/ from public data:
 *
 * - `independent-special-schools.csv`: independent special schools, non-maintained special schools
 *   and special post-16 institutions in Kent and Medway from the register extract (GIAS 2025-05-24),
 *   with their rolls, coordinates and whether the DfE's 2022 lists show them approved under section 41;
 * - `sufficiency-figures.json`: the SEN2 figures the model uses (the age profile of Kent's pupils in
 *   state special schools, for the phase split of each school's places; the phase and need mix of
 *   pupils in SEN units and resourced provision, for the unlisted SRP places) and the observed
 *   January 2025 figures its calibration table compares with, each with its source.
 *
 * Run by a developer when the source data changes: `npm run prepare-sufficiency-data`
 * (reads ../shared/data/raw and the SEN2 tables already in models/kent). The service never reads
 * ../shared. Every value is copied or summed mechanically; nothing is estimated here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CASELOAD_GROUP_COLUMNS } from '../domain/demand/demand-files.js';
import { exitOnHelp } from './tool-help.js';

exitOnHelp(`Usage: npm run prepare-sufficiency-data -- [raw folder, default ../shared/data/raw] [output folder, default models/kent]

Writes the sufficiency model's data files (independent special schools, SEN2 figures)
into the output folder. Run by a developer when the source data changes; the service never reads the raw folder.`);
const shared = resolve(process.argv[2] ?? '../shared/data/raw');
const out = resolve(process.argv[3] ?? 'models/kent');

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(path, 'utf8'), { columns: true, bom: true, relax_column_count: true });

// ---------- independent and non-maintained special schools, special post-16 institutions ----------
const KINDS: Record<string, string> = {
  'Other independent special school': 'independent-special',
  'Non-maintained special school': 'non-maintained-special',
  'Special post 16 institution': 'special-post-16',
};
const LA: Record<string, string> = { '886': 'Kent', '887': 'Medway' };

/** Lower-case words without punctuation or the generic words names differ by ("the", "school", "ltd"). */
const normalise = (name: string) =>
  name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !['the', 'school', 'ltd', 'limited', 'cic', 'kent', 'independent', 'special', 'for', 'children'].includes(w))
    .join(' ');

// Names in the 2022 lists that differ from the register's by more than normalise() removes.
const S41_ALIASES: Record<string, string> = {
  'Brewood Secondary School': 'Brewood School',
  'The Quest School': 'The Quest School for Autistic Children',
  'Bemix': 'BEMIX',
  'FORWARD2 EMPLOYMENT LIMITED': 'Forward2Employment',
  'Liberty College': 'Liberty Training Ltd',
  'Woodpecker Court': 'Woodpecker Court Youth Activities Ltd',
  'White Rocks Farm': 'White Rocks Farm ltd',
  'Sallygate School': 'Sallygate School',
  'The Sallygate School': 'Sallygate School',
  'ISP School': 'ISP School (Kent)',
  'Cornfields School': 'Cornfields',
  'Cherry Tree': 'Cherry Tree School',
};

const s41File = join(shared, 'dfe-independent-special-schools-2022');
const approved = readCsv(join(s41File, 'Approved_S41_Full_List__updated_22_03_22.csv'))
  .slice(1)
  .map((r) => ({ la: r.field2!, name: r.field3!, approvedIn: r.field6! }))
  .filter((r) => /kent|medway|thanet/i.test(r.la));
const notApproved = readCsv(join(s41File, 'IndSpec_not_s41.csv'))
  .filter((r) => r['GIAS reference'] === '886' || r['GIAS reference'] === '887')
  .map((r) => ({ name: r['School Name']!, answer: r['Section41 Approval']! }));

function s41Status(name: string): { status: string; basis: string } {
  const key = normalise(S41_ALIASES[name] ?? name);
  const yes = approved.find((a) => normalise(a.name) === key);
  if (yes) return { status: 'approved', basis: `source: DfE list of institutions approved under section 41 (updated 22 March 2022): "${yes.name}", approved ${yes.approvedIn}` };
  const no = notApproved.find((a) => normalise(a.name) === key);
  if (no) {
    return no.answer === 'No'
      ? { status: 'not-approved', basis: `source: DfE list of independent special schools not approved under section 41 (2022): "${no.name}"` }
      : { status: 'not-applicable', basis: `source: DfE list (2022): "${no.name}", section 41 "${no.answer}" (non-maintained special schools are not approved under section 41)` };
  }
  return { status: 'unknown', basis: 'unknown: not found in the DfE section 41 lists of March 2022 (opened or renamed since?)' };
}

const gias = readCsv(join(shared, 'hack25usefuldata/gias_20250524_open_kent_medway_extract.csv'));
const independents = gias
  .filter((r) => KINDS[r.establishment_type!] && LA[r.la_code!])
  .map((r) => {
    const s41 = s41Status(r.establishment_name!);
    const roll = r.number_of_pupils === '' || r.number_of_pupils === 'NA' ? '' : r.number_of_pupils!;
    return {
      urn: r.urn,
      la: LA[r.la_code!],
      kind: KINDS[r.establishment_type!],
      name: r.establishment_name,
      roll,
      roll_basis: roll === '' ? 'unknown: no pupils recorded in the register (new, or not collected for this type)' : 'source: NumberOfPupils, GIAS 2025-05-24',
      latitude: Number(r.latitude).toFixed(6),
      longitude: Number(r.longitude).toFixed(6),
      lsoa_code: r.lsoa_code,
      s41: s41.status,
      s41_basis: s41.basis,
    };
  })
  .sort((a, b) => Number(a.urn) - Number(b.urn));
writeFileSync(join(out, 'independent-special-schools.csv'), stringify(independents, { header: true }));

// ---------- SEN2 figures ----------
const byAge = readCsv(join(out, 'ehcp-placement-by-age.csv')).filter((r) => r.year === '2025');
const num = (r: Row, col: string) => Number(r[col] ?? 0) || 0;
// The SEN units and resourced provision columns, as the demand model groups them.
const UNIT_COLUMNS = CASELOAD_GROUP_COLUMNS.srp;
const statePupilsByAge: Record<string, number> = {};
const unitPupilsByAge: Record<string, number> = {};
for (const r of byAge) {
  if (r.age_low !== r.age_high) continue;
  const state = num(r, 'special_la_maintained') + num(r, 'special_academy_free');
  if (state) statePupilsByAge[r.age_low!] = state;
  const units = UNIT_COLUMNS.reduce((s, c) => s + num(r, c), 0);
  if (units) unitPupilsByAge[r.age_low!] = units;
}
const phaseOf = (age: number) => (age <= 10 ? 'primary' : age <= 15 ? 'secondary' : 'post16');
const unitsByPhase: Record<string, number> = { primary: 0, secondary: 0, post16: 0 };
for (const [age, n] of Object.entries(unitPupilsByAge)) unitsByPhase[phaseOf(Number(age))]! += n;

const byNeed = readCsv(join(out, 'ehcp-need-by-placement-2025.csv'));
const NEEDS = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'PMLD', 'SPLD', 'HI', 'VI', 'MSI', 'PD', 'OTH', 'UNKNOWN'];
const unitsByNeed: Record<string, number> = Object.fromEntries(NEEDS.map((n) => [n, 0]));
let unitPlans = 0;
for (const r of byNeed) {
  if (!/\((resourced provision|SEN unit)\)/.test(r.placement!)) continue;
  unitPlans += num(r, 'ehc_plans');
  for (const n of NEEDS) unitsByNeed[n]! += num(r, n);
}
const placement = (label: string) => num(byNeed.find((r) => r.placement === label) ?? {}, 'ehc_plans');

const SEN2 = 'DfE SEN2 "Education, health and care plans" 2025 (Kent, January 2025; OGL v3)';
const figures = {
  description:
    'SEN2 figures the sufficiency model uses, and the observed January 2025 figures its calibration table compares with. Written by src/tools/prepare-sufficiency-data.ts from models/kent/ehcp-placement-by-age.csv, ehcp-need-by-placement-2025.csv and the GIAS register extract; sums only.',
  year: 2025,
  specialSchoolPupilsByAge: {
    pupils: statePupilsByAge,
    basis: `source: ${SEN2}, caseload by single year of age: Kent pupils in LA-maintained and academy/free special schools (columns special_la_maintained + special_academy_free)`,
  },
  unitPupils: {
    byAge: unitPupilsByAge,
    byPhase: unitsByPhase,
    byNeed: unitsByNeed,
    basis: `source: ${SEN2}: Kent pupils in SEN units and resourced provision of mainstream schools (the six *_resourced_provision and *_senunit columns by age; the five "(resourced provision)" and "(SEN unit)" placement rows by primary need). Phases by age at the start of the school year: primary 4-10, secondary 11-15, post-16 16+.`,
  },
  observed: [
    {
      measure: 'special-school-demand',
      label: 'Kent EHCP pupils in special schools (state, independent and non-maintained)',
      value: placement('Special - LA maintained') + placement('Special - Academy/free schools') + placement('Special - independent') + placement('Special - non-maintained'),
      source: `${SEN2}: placements "Special - LA maintained" ${placement('Special - LA maintained')}, "Special - Academy/free schools" ${placement('Special - Academy/free schools')}, "Special - independent" ${placement('Special - independent')}, "Special - non-maintained" ${placement('Special - non-maintained')}`,
    },
    {
      measure: 'state-special-placed',
      label: "Pupils on the rolls of Kent's state special schools",
      value: gias.filter((r) => r.la_code === '886' && /special/i.test(r.establishment_type!) && !KINDS[r.establishment_type!]).reduce((t, r) => t + (Number(r.number_of_pupils) || 0), 0),
      source: 'DfE GIAS register 2025-05-24: NumberOfPupils of the 25 open state-funded special schools in Kent (all home authorities)',
    },
    {
      measure: 'state-special-kent-pupils',
      label: 'Kent EHCP pupils in state special schools (any authority\'s)',
      value: placement('Special - LA maintained') + placement('Special - Academy/free schools'),
      source: `${SEN2}: placements "Special - LA maintained" + "Special - Academy/free schools"`,
    },
    {
      measure: 'independent-placed',
      label: 'Kent EHCP pupils in independent and non-maintained special schools',
      value: placement('Special - independent') + placement('Special - non-maintained'),
      source: `${SEN2}: placements "Special - independent" ${placement('Special - independent')} + "Special - non-maintained" ${placement('Special - non-maintained')}`,
    },
    {
      measure: 'srp-placed',
      label: 'Kent EHCP pupils in SEN units and resourced provision',
      value: unitPlans,
      source: `${SEN2}: the five mainstream "(resourced provision)" and "(SEN unit)" placement rows`,
    },
    {
      measure: 'srp-post16',
      label: 'of whom aged 16 or over',
      value: unitsByPhase.post16,
      source: `${SEN2}: caseload by age, SEN unit and resourced provision columns, ages 16 and over`,
    },
    ...(['primary', 'secondary', 'post16'] as const).map((phase) => ({
      measure: `state-special-${phase}`,
      label: `Kent EHCP pupils in state special schools, ${phase === 'post16' ? 'post-16 (16-19)' : phase === 'primary' ? 'primary (4-10)' : 'secondary (11-15)'}`,
      value: Object.entries(statePupilsByAge)
        .filter(([age]) => phaseOf(Number(age)) === phase && Number(age) >= 4 && Number(age) <= 19)
        .reduce((t, [, n]) => t + n, 0),
      source: `${SEN2}: caseload by single year of age, special_la_maintained + special_academy_free`,
    })),
  ],
};
writeFileSync(join(out, 'sufficiency-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
console.log(`wrote ${independents.length} independent, non-maintained and post-16 special institutions and the SEN2 figures to ${out}`);
