/**
 * GET /schools and GET /schools/:urn: the schools in the dataset, filtered and paged, and one school
 * with its SEND provisions.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkLocalityFilter, filterSchools } from '../../domain/catalogue.js';
import type { Registry, School } from '../../domain/registry/registry.js';
import { negotiateFormat, sendCsv, sendGeoJson } from '../../http/formats.js';
import { DomainError } from '../../domain/errors.js';
import { errorSchema } from '../../http/schemas.js';
import { councilFor, laQuerySchema } from '../../http/council.js';
import { schoolDetailSchema, schoolSchema } from './catalogue-schemas.js';

const listQuery = z.strictObject({
  locality: z.string().min(1).optional().describe('District or MSOA, by code (E07000105) or name (Ashford); one the dataset does not hold is a 400 naming the districts'),
  phase: z.string().min(1).optional().describe('Register phase: primary, secondary, all-through, nursery, not-applicable'),
  type: z.string().min(1).optional().describe('Establishment type or type group, e.g. "Foundation special school", "Academies"'),
  special: z.stringbool().optional().describe('true: special schools only; false: exclude them'),
  hasSrp: z.stringbool().optional().describe('true: schools hosting a known SRP or special-school satellite'),
  q: z.string().max(100).optional().describe('Name contains (case-insensitive), or an exact URN'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  format: z.enum(['json', 'csv', 'geojson']).optional().describe('Or send Accept: text/csv / application/geo+json'),
  la: laQuerySchema,
});

const listResponse = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  items: z.array(schoolSchema),
});

const urnParams = z.strictObject({
  urn: z.string().regex(/^\d{6}$/, 'URN must be six digits').transform(Number),
});

const schoolView = (registry: Registry, s: School) => ({
  urn: s.urn,
  name: s.name,
  establishmentType: s.establishmentType,
  establishmentTypeGroup: s.establishmentTypeGroup,
  phase: s.phase,
  pupils: s.pupils,
  fsmPercent: s.fsmPercent,
  location: s.location,
  lsoa: s.lsoa,
  district: s.district,
  districtBasis: s.districtBasis,
  msoa: s.msoa,
  isSpecial: s.isSpecial,
  hasSrp: registry.srpsByHost.has(s.urn),
});

const csvRow = (registry: Registry, s: School) => ({
  urn: s.urn,
  name: s.name,
  establishment_type: s.establishmentType,
  phase: s.phase,
  pupils: s.pupils,
  latitude: s.location.lat,
  longitude: s.location.lon,
  lsoa: s.lsoa,
  district_code: s.district.code,
  district: s.district.name,
  msoa_code: s.msoa?.code ?? null,
  special: s.isSpecial,
  designation: registry.specialSchools.get(s.urn)?.designation ?? null,
  has_srp: registry.srpsByHost.has(s.urn),
});

const schools: FastifyPluginAsyncZod = async (app) => {

  app.get(
    '/schools',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Open state-funded schools, filtered and paged',
        description: 'JSON by default; `?format=csv` for CSV, `?format=geojson` (or `Accept: application/geo+json`) for a GeoJSON FeatureCollection. CSV and GeoJSON return every match (no paging).',
        querystring: listQuery,
        response: { 200: listResponse, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { limit, offset, format, type, la, ...filters } = request.query;
      const { registry } = councilFor(app, la);
      checkLocalityFilter(registry, filters.locality, 'querystring.locality');
      const matches = filterSchools(registry, { ...filters, establishmentType: type });
      switch (negotiateFormat(request, format, ['json', 'csv', 'geojson'])) {
        case 'csv':
          return sendCsv(reply, matches.map((s) => csvRow(registry, s)), 'schools.csv');
        case 'geojson':
          return sendGeoJson(reply, {
            type: 'FeatureCollection',
            features: matches.map((s) => {
              const { location, ...properties } = schoolView(registry, s);
              return { type: 'Feature', geometry: { type: 'Point', coordinates: [location.lon, location.lat] }, properties };
            }),
          });
        default:
          return { total: matches.length, limit, offset, items: matches.slice(offset, offset + limit).map((s) => schoolView(registry, s)) };
      }
    },
  );

  app.get(
    '/schools/:urn',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'One school with its locality, SRPs and (for a special school) its current designation',
        params: urnParams,
        querystring: z.strictObject({ la: laQuerySchema }),
        response: { 200: schoolDetailSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { registry } = councilFor(app, request.query.la);
      const school = registry.schoolByUrn.get(request.params.urn);
      if (!school) throw new DomainError('not-found', `no open state-funded school with URN ${request.params.urn} in the register`);
      const special = registry.specialSchools.get(school.urn);
      return {
        ...schoolView(registry, school),
        registerDistrictCode: school.registerDistrictCode,
        special: special
          ? {
              designation: special.designation,
              designationName: registry.currentDesignationByCode.get(special.designation)?.name ?? special.designation,
              designationDetail: special.designationDetail,
              ageLow: special.ageLow,
              ageHigh: special.ageHigh,
              ageBasis: special.ageBasis,
              places: special.places,
              placesBasis: special.placesBasis,
              source: special.source,
              confidence: special.confidence,
              notes: special.notes,
            }
          : null,
        srps: registry.srpsByHost.get(school.urn) ?? [],
      };
    },
  );
};
export default schools;
