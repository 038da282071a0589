/**
 * API schemas for the catalogue: schools and designations as the API shows them (registered with
 * OpenAPI ids). SRPs and provisions are shown as the registry holds them: their schemas are in
 * src/domain/registry/registry.ts.
 */
import { z } from 'zod';
import { CURRENT_DESIGNATIONS, NEED_CODES } from '../../domain/needs.js';
import { latLonSchema, localityRefSchema, srpSchema } from '../../domain/registry/registry.js';

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
    districtBasis: z.enum(['point-in-polygon', 'lsoa', 'nearest-lsoa']).describe("How the district was found: the school's point in a district polygon; else its LSOA's district; else (a school the council runs outside its area) the district of the nearest LSOA"),
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
    specialSchools: z
      .number()
      .int()
      .describe("Special schools with this designation: for the current set, the schools holding it today; for the proposed set, the schools the rules propose it for (see specialSchoolsBasis)"),
    specialSchoolsBasis: z.string().describe('What specialSchools counts'),
  })
  .meta({ id: 'Designation' });
