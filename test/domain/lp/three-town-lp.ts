/**
 * A TEST FIXTURE for the LP solvers: a small transportation LP with penalty slacks (the sufficiency
 * model of version 1 on three towns), written out directly so the solver tests do not depend on how
 * the sufficiency model is built today. Three towns on an east-west line at latitude 51.2 (A at 0.5E,
 * B at 0.7E, C at 1.0E); journey minutes = 5 + 60 x 1.3 x km / 40 with great-circle km; primary
 * journeys up to 45 minutes, secondary 75, outreach 45. Costs: 1 per minute, 10,000 per independent
 * place, 100,000 per unmet place, 10,000 per unmet outreach.
 */
import { LpModelBuilder, type LpModel } from '../../../src/domain/lp/linear-model.js';

const toRad = (d: number) => (d * Math.PI) / 180;
/** Great-circle km (haversine, mean earth radius), as the version 1 model measured. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}
export const minutes = (km: number) => 5 + (60 * 1.3 * km) / 40;

const TOWN = { A: { lat: 51.2, lon: 0.5 }, B: { lat: 51.2, lon: 0.7 }, C: { lat: 51.2, lon: 1.0 } };
type Town = keyof typeof TOWN;

export function threeTownLp(options: { integer?: boolean } = {}): LpModel {
  const b = new LpModelBuilder('sufficiency_district_2025');
  const integer = options.integer ?? false;
  const provisions = [
    { id: 'special_1', at: 'A' as Town, categories: ['CLN'], phases: ['primary', 'secondary', 'post16'], places: 10 },
    { id: 'special_2', at: 'C' as Town, categories: ['SEMH'], phases: ['secondary', 'post16'], places: 8 },
    { id: 'srp_b_asd', at: 'B' as Town, categories: ['SRP_ASD'], phases: ['primary'], places: 4 },
  ];
  const cells: { town: Town; category: string; phase: 'primary' | 'secondary'; count: number }[] = [
    { town: 'A', category: 'CLN', phase: 'primary', count: 6 },
    { town: 'B', category: 'CLN', phase: 'primary', count: 5 },
    { town: 'C', category: 'CLN', phase: 'primary', count: 4 },
    { town: 'A', category: 'SEMH', phase: 'secondary', count: 3 },
    { town: 'A', category: 'SRP_ASD', phase: 'primary', count: 2 },
    { town: 'C', category: 'SRP_ASD', phase: 'primary', count: 3 },
  ];
  const limit = { primary: 45, secondary: 75 };
  const arcs: { cell: number; provision: number; v: number }[] = [];
  cells.forEach((c, r) => {
    provisions.forEach((p, j) => {
      if (!p.categories.includes(c.category) || !p.phases.includes(c.phase)) return;
      const t = minutes(haversineKm(TOWN[c.town], TOWN[p.at]));
      if (t > limit[c.phase]) return;
      arcs.push({ cell: r, provision: j, v: b.addVariable(`place.${c.town}.${c.category}.${c.phase}.${p.id}`, t, { integer }) });
    });
  });
  const independent = cells.map((c) => (c.category.startsWith('SRP') ? -1 : b.addVariable(`independent.${c.town}.${c.category}.${c.phase}`, 10_000, { integer })));
  const unmet = cells.map((c) => b.addVariable(`unmet.${c.town}.${c.category}.${c.phase}`, 100_000));
  cells.forEach((c, r) => {
    const vars = [...arcs.filter((a) => a.cell === r).map((a) => a.v), ...(independent[r]! >= 0 ? [independent[r]!] : []), unmet[r]!];
    b.addRow(`demand.${c.town}.${c.category}.${c.phase}`, 'eq', c.count, vars, vars.map(() => 1));
  });
  provisions.forEach((p, j) => {
    const vars = arcs.filter((a) => a.provision === j).map((a) => a.v);
    b.addRow(`places.${p.id}`, 'le', p.places, vars, vars.map(() => 1));
  });
  // Outreach: A needs 4, C needs 6; School One (A) can give 5, School Two (C) 2, C's team 1.
  const suppliers = [
    { id: 'special_1', at: 'A' as Town | null, capacity: 5 },
    { id: 'special_2', at: 'C' as Town | null, capacity: 2 },
    { id: 'team_C', at: null, capacity: 1, home: 'C' as Town },
  ];
  const needs: { town: Town; count: number }[] = [
    { town: 'A', count: 4 },
    { town: 'C', count: 6 },
  ];
  const support: { need: number; supplier: number; v: number }[] = [];
  needs.forEach((q, r) =>
    suppliers.forEach((s, si) => {
      if (s.at === null) {
        if (s.home === q.town) support.push({ need: r, supplier: si, v: b.addVariable(`support.${q.town}.any.${s.id}`, 0) });
        return;
      }
      const t = minutes(haversineKm(TOWN[q.town], TOWN[s.at]));
      if (t <= 45) support.push({ need: r, supplier: si, v: b.addVariable(`support.${q.town}.any.${s.id}`, t) });
    }),
  );
  const unmetOutreach = needs.map((q) => b.addVariable(`unmetOutreach.${q.town}.any`, 10_000));
  needs.forEach((q, r) => {
    const vars = [...support.filter((s) => s.need === r).map((s) => s.v), unmetOutreach[r]!];
    b.addRow(`outreachDemand.${q.town}.any`, 'eq', q.count, vars, vars.map(() => 1));
  });
  suppliers.forEach((s, si) => {
    const vars = support.filter((x) => x.supplier === si).map((x) => x.v);
    b.addRow(`outreachCapacity.${s.id}`, 'le', s.capacity, vars, vars.map(() => 1));
  });
  return b.build();
}
