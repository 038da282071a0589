/**
 * zod schemas for the files in models/<la>/. CSV cells arrive as strings; these schemas convert and
 * bound them. An empty cell means "not known" and becomes null where the column allows it.
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, NEED_CODES, PROPOSED_DESIGNATIONS, SRP_NEED_TYPES } from '../needs.js';

const text = z.string().trim().min(1, 'must not be empty');
const optionalText = z.string().trim().transform((s) => (s === '' ? null : s));
const integerCell = z.string().trim().regex(/^-?\d+$/, 'must be a whole number').transform(Number);
const optionalCount = z
  .string()
  .trim()
  .refine((s) => s === '' || /^\d+$/.test(s), 'must be a non-negative whole number or empty')
  .transform((s) => (s === '' ? null : Number(s)));
const optionalNumber = z
  .string()
  .trim()
  .refine((s) => s === '' || Number.isFinite(Number(s)), 'must be a number or empty')
  .transform((s) => (s === '' ? null : Number(s)));
/** Great Britain's extent, generously: a coordinate outside it is a data error, not a school. */
const longitude = z
  .string()
  .trim()
  .refine((s) => s !== '' && Number.isFinite(Number(s)), 'must be a number')
  .transform(Number)
  .refine((n) => n >= -8.7 && n <= 1.9, 'longitude outside Great Britain (-8.7 to 1.9)');
const latitude = z
  .string()
  .trim()
  .refine((s) => s !== '' && Number.isFinite(Number(s)), 'must be a number')
  .transform(Number)
  .refine((n) => n >= 49.8 && n <= 60.9, 'latitude outside Great Britain (49.8 to 60.9)');
const urn = z.string().trim().regex(/^\d{6}$/, 'must be a six-digit URN').transform(Number);
const lsoaCode = z.string().trim().regex(/^E0[01]\d{6}$/, 'must be an LSOA code like E01024279');
const age = integerCell.refine((n) => n >= 0 && n <= 25, 'age must be 0 to 25');

export const schoolRow = z.object({
  urn,
  name: text,
  establishment_type: text,
  establishment_type_group: text,
  phase: text,
  pupils: optionalCount,
  fsm_pct: optionalNumber,
  longitude,
  latitude,
  easting: optionalNumber,
  northing: optionalNumber,
  lsoa_code: lsoaCode,
  /** GIAS TypeOfResourcedProvision (SEN unit, resourced provision, or both), when the register read had it (prepare-kent-data). */
  resourced_provision: optionalText.optional(),
  resourced_provision_capacity: optionalCount.optional(),
  sen_unit_capacity: optionalCount.optional(),
});

export const specialSchoolRow = z
  .object({
    urn,
    designation: z.enum(CURRENT_DESIGNATIONS, { error: `unknown designation code; expected one of ${CURRENT_DESIGNATIONS.join(', ')}` }),
    designation_detail: text,
    age_low: age,
    age_high: age,
    age_basis: text,
    places: optionalCount,
    places_basis: text,
    source: text,
    confidence: z.enum(['high', 'medium', 'low']),
    notes: optionalText,
  })
  .refine((r) => r.age_low <= r.age_high, { message: 'age_low is above age_high', path: ['age_high'] });

const needTypeList = z
  .string()
  .trim()
  .transform((s) => s.split(';').map((t) => t.trim()))
  .pipe(z.array(z.enum(SRP_NEED_TYPES, { error: `unknown SRP need type; expected ${SRP_NEED_TYPES.join(', ')}` })).min(1));

export const srpRow = z
  .object({
    id: z.string().trim().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
    host_urn: urn,
    name_in_source: text,
    kind: z.enum(['srp', 'satellite']),
    need_types: needTypeList,
    need_type_as_stated: text,
    phase: z.enum(['primary', 'secondary']),
    age_low: age,
    age_high: age,
    capacity: optionalCount,
    capacity_basis: text,
    roll: optionalCount,
    roll_basis: text,
    status: optionalText,
    commissioning: text,
    source: text,
    gias_match: optionalText,
    notes: optionalText,
  })
  .refine((r) => r.age_low <= r.age_high, { message: 'age_low is above age_high', path: ['age_high'] });

export const lsoaRow = z.object({
  code: lsoaCode,
  name: text,
  vintage: z.enum(['2011', '2021', '2011+2021']),
  // A district formed since 2013 is coded by the 2013 districts it joins (prepare-council-data.ts).
  district_code: z.string().trim().regex(/^E0[6-9]\d{6}(\+E0[6-9]\d{6})*$/, 'must be a district code like E07000105'),
  // An MSOA built from LSOA points has no ONS code: its district's code and its number (E09000007-001).
  msoa_code: z.string().trim().regex(/^(E02\d{6}|E0[6-9]\d{6}(\+E0[6-9]\d{6})*-\d{3})$/, 'must be an MSOA code like E02005001'),
  longitude,
  latitude,
  centroid_basis: text,
  pop_0_15: optionalCount,
  pop_16_24: optionalCount,
});

const designation = z.object({
  code: text,
  name: text,
  subtitle: z.string().nullable().optional(),
  guidance: text,
  source: text,
  needCodes: z.array(z.enum(NEED_CODES)).min(1),
  alsoAdmits: z.array(z.enum(NEED_CODES)),
});

export const designationsFile = z.object({
  // The council's own current designations (Kent: its five; a council without published ones: ALL).
  current: z
    .array(designation.extend({ code: z.enum(CURRENT_DESIGNATIONS) }))
    .min(1)
    .refine((list) => new Set(list.map((d) => d.code)).size === list.length, 'each current designation at most once'),
  proposed: z.array(designation.extend({ code: z.enum(PROPOSED_DESIGNATIONS) })).length(PROPOSED_DESIGNATIONS.length),
  srpNeedTypes: z.array(z.object({ code: z.enum(SRP_NEED_TYPES), name: text, needCodes: z.array(z.enum(NEED_CODES)).min(1) })),
});

export const datasetFile = z.object({
  localAuthority: z.object({ name: text, laCode: text, gssCode: text }),
  register: z.object({ name: text, date: z.iso.date(), publisher: text, licence: text }),
  /** The council's own published counts, where the dataset has them (Kent's strategy). */
  strategyFigures: z
    .object({
      source: text,
      year: z.number().int(),
      stateFundedSchools: z.number().int().nonnegative(),
      specialSchools: z.number().int().nonnegative(),
      note: text,
    })
    .optional(),
  /** Which locality level suits the council (a unitary with one district: its MSOAs), and why. */
  localities: z.object({ defaultLevel: z.enum(['district', 'msoa']), basis: text }).optional(),
  preparedBy: text.optional(),
});

/**
 * Polygon coordinates are checked by hand: a zod schema per position costs ~100 ms on Kent's MSOAs,
 * a tenth of the start-up budget. Returns the path and problem of the first bad value.
 */
function checkRings(rings: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | null {
  if (!Array.isArray(rings) || rings.length === 0) return { path, message: 'expected a non-empty array of rings' };
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    if (!Array.isArray(ring) || ring.length < 4) return { path: [...path, r], message: 'a ring needs at least 4 positions' };
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
        return { path: [...path, r, i], message: 'expected a WGS84 position [longitude, latitude]' };
      }
    }
  }
  return null;
}
const geometry = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) })
  .superRefine((g, ctx) => {
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (let k = 0; k < polygons.length; k++) {
      const problem = checkRings(polygons[k], g.type === 'Polygon' ? ['coordinates'] : ['coordinates', k]);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
        return;
      }
    }
  });
export const localityCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(
      z.object({
        type: z.literal('Feature'),
        properties: z.object({ code: text, name: text, districtCode: text.optional() }),
        geometry,
      }),
    )
    .min(1),
});
export type LocalityFeature = z.infer<typeof localityCollection>['features'][number];
