/**
 * Pupils in SRPs of need types Kent no longer commissions (decision 25/00085, December 2025: no SEMH
 * SRP places, VI support by the specialist team instead of SRPs), as changes to the pathway matrix.
 *
 * The admission guidance applies the decision to every plan (admission-guidance.json marks those
 * types not commissioned), so the demand model sends SRP-level pupils whose primary need is SEMH or
 * VI to mainstream with outreach in every year: in January 2025 that is about 34 SEMH and 6 VI
 * pupils aged under 16 whom DfE SEN2 counts in SEN units and resourced provision (DEMAND.md). They
 * were admitted before the decision and keep their places until their next transition. A path
 * (sufficiency/path) counts them back: for cohorts admitted before the decision took effect it moves,
 * need by need and phase by phase, exactly their share of plans from the outreach (or mainstream)
 * share the guidance gave them to the SRP need type they had:
 *
 *   fraction(n, p, slot) = W(n, p, slot) / (plans(n, p) x share(n, p, slot))
 *
 * W: the January 2025 weight of profile types at SRP level with primary need n (covered by a
 * decommissioned type), phase p, whose outcome is `slot`; share: the matrix's share of that slot.
 */
import type { NeedCode, ProposedDesignation, SrpNeedType } from '../needs.js';
import type { Registry } from '../registry/registry.js';
import { designationDemand, type DemandDesignationSet } from './designation-demand.js';
import type { PathwayOverride, PathwaySlot } from './pathways.js';

const cache = new WeakMap<Registry, Map<DemandDesignationSet, PathwayOverride[]>>();

export function decommissionedSrpShifts(registry: Registry, set: DemandDesignationSet): PathwayOverride[] {
  const bySet = cache.get(registry) ?? cache.set(registry, new Map()).get(registry)!;
  const hit = bySet.get(set);
  if (hit) return hit;
  const model = designationDemand(registry);
  const matrix = model.matrices[set];
  const notCommissioned = registry.admissionGuidance.srpNeedTypes.filter((t) => !t.commissioned).map((t) => t.code);
  const typeOf = new Map<NeedCode, SrpNeedType>();
  for (const code of notCommissioned) {
    for (const n of registry.srpNeedTypes.find((s) => s.code === code)?.needCodes ?? []) if (!typeOf.has(n)) typeOf.set(n, code);
  }
  const plans = new Map<string, number>();
  const moved = new Map<string, { need: NeedCode; phase: 'primary' | 'secondary'; slot: PathwaySlot; weight: number }>();
  for (const t of model.types) {
    plans.set(`${t.need}|${t.phase}`, (plans.get(`${t.need}|${t.phase}`) ?? 0) + t.weight);
    if (t.level !== 'srp' || (t.phase !== 'primary' && t.phase !== 'secondary') || !typeOf.has(t.need)) continue;
    for (const o of t.outcomes[set === 'current' ? 'current' : 'proposed']) {
      if (o.pathway !== 'outreach' && o.pathway !== 'mainstream') continue;
      const slot: PathwaySlot = o.pathway === 'outreach' ? (o.category ? { pathway: 'outreach', category: o.category as never } : { pathway: 'outreach' }) : { pathway: 'mainstream' };
      const key = `${t.need}|${t.phase}|${o.pathway}|${o.category ?? ''}`;
      const m = moved.get(key) ?? moved.set(key, { need: t.need, phase: t.phase, slot, weight: 0 }).get(key)!;
      m.weight += t.weight * o.share;
    }
  }
  const out: PathwayOverride[] = [];
  for (const m of moved.values()) {
    const row = matrix.rows.find((r) => r.need === m.need && r.phase === m.phase);
    if (!row) continue;
    const s = m.slot;
    const share = s.pathway === 'mainstream' ? row.shares.mainstream : 'category' in s && s.category ? row.shares.outreach[s.category as ProposedDesignation] : Object.values(row.shares.outreach).reduce((a, b) => a + b, 0);
    const total = plans.get(`${m.need}|${m.phase}`) ?? 0;
    if (!(share > 0) || !(total > 0)) continue;
    out.push({ kind: 'shift', from: [s], to: { pathway: 'srp', category: typeOf.get(m.need)! }, fraction: Math.min(1, m.weight / total / share), needs: [m.need], phases: [m.phase] });
  }
  bySet.set(set, out);
  return out;
}
