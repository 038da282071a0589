/** API schemas for the catalogue: schools, SRPs, provisions and designations (registered with OpenAPI ids). */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, NEED_CODES, SRP_NEED_TYPES } from '../../domain/needs.js';
import { latLonSchema, localityRefSchema } from '../../http/schemas.js';

export const srpSchema = z
  .object({
    id: z.string(),
    hostUrn: z.number().int(),
    nameInSource: z.string(),
    kind: z.enum(['srp', 'satellite']),
    needTypes: z.array(z.enum(SRP_NEED_TYPES)),
    needTypeAsStated: z.string(),
    phase: z.enum(['primary', 'secondary']),
    ageLow: z.number().int(),
    ageHigh: z.number().int(),
    capacity: z.number().int().nullable().describe('Places; null when no public source states them'),
    capacityBasis: z.string().describe('Where the capacity comes from, or "estimate: <method>"'),
    roll: z.number().int().nullable(),
    rollBasis: z.string(),
    status: z.string().nullable(),
    commissioning: z.string(),
    source: z.string(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Srp', description: 'A specialist resource provision (unit in a mainstream school) or a special-school satellite' });

export const specialSchoolDetailSchema = z
  .object({
    designation: z.enum(CURRENT_DESIGNATIONS),
    designationName: z.string(),
    designationDetail: z.string(),
    ageLow: z.number().int(),
    ageHigh: z.number().int(),
    ageBasis: z.string(),
    places: z.number().int().nullable(),
    placesBasis: z.string(),
    source: z.string(),
    confidence: z.enum(['high', 'medium', 'low']),
    notes: z.string().nullable(),
  })
  .meta({ id: 'SpecialSchoolDetail' });

export const schoolSchema = z
  .object({
    urn: z.number().int(),
    name: z.string(),
    establishmentType: z.string(),
    establishmentTypeGroup: z.string(),
    phase: z.string(),
    pupils: z.number().int().nullable(),
    fsmPercent: z.number().nullable(),
    location: latLonSchema,
    lsoa: z.string(),
    district: localityRefSchema,
    districtBasis: z.enum(['point-in-polygon', 'lsoa']),
    msoa: localityRefSchema.nullable(),
    isSpecial: z.boolean(),
    hasSrp: z.boolean(),
  })
  .meta({ id: 'School' });

export const schoolDetailSchema = schoolSchema
  .extend({
    registerDistrictCode: z.string().nullable().describe("District of the school's LSOA in the register (cross-check)"),
    special: specialSchoolDetailSchema.nullable(),
    srps: z.array(srpSchema),
  })
  .meta({ id: 'SchoolDetail' });

export const provisionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['special-school', 'srp', 'satellite']),
    urn: z.number().int(),
    name: z.string(),
    designation: z.enum(CURRENT_DESIGNATIONS).nullable(),
    needTypes: z.array(z.enum(SRP_NEED_TYPES)),
    phase: z.enum(['all', 'primary', 'secondary']),
    ageLow: z.number().int(),
    ageHigh: z.number().int(),
    capacity: z.number().int().nullable(),
    capacityBasis: z.string(),
    roll: z.number().int().nullable(),
    locality: localityRefSchema,
    msoa: localityRefSchema.nullable(),
    location: latLonSchema,
    commissioning: z.string(),
  })
  .meta({ id: 'Provision' });

export const designationSchema = z
  .object({
    code: z.string(),
    set: z.enum(['current', 'proposed']),
    name: z.string(),
    subtitle: z.string().nullable(),
    guidance: z.string().describe('Admission guidance, quoted from the source'),
    source: z.string(),
    needCodes: z.array(z.enum(NEED_CODES)).describe('Primary needs the designation is for'),
    alsoAdmits: z.array(z.enum(NEED_CODES)).describe('Primary needs it can also admit'),
    specialSchools: z.number().int().describe('Special schools holding this designation today (current set only; 0 for proposed)'),
  })
  .meta({ id: 'Designation' });
