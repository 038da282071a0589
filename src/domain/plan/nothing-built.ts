/**
 * Why a plan built nothing, in words for its warnings. A plan with no builds is 'optimal' whether
 * building could not help or nothing could be built at all; the reader needs to know which:
 *
 * 1. no candidate can open within the plan's years (each has an earliest year: plan-candidates.json);
 * 2. the budgets buy no unit of any candidate that can open, in any year it can open;
 * 3. otherwise the builds within reach and budget would give no pupil a state place they lack (or not
 *    enough to be worth their cost, in the plan's order of priorities).
 */
import { pounds } from '../units.js';
import type { PlanCandidatesFile } from './candidates-file.js';
import type { PlanInstance } from './plan-instance.js';

export function whyNothingWasBuilt(instance: PlanInstance, file: PlanCandidatesFile, withoutStatePlace: number): string {
  const { years, candidates, budgets } = instance;
  const span = `${years[0]}-${years.at(-1)}`;
  if (candidates.length === 0) {
    if (file.candidates.length === 0) return `Nothing was built: there are no candidate builds to choose from (the request left out every row of plan-candidates.json).`;
    const earliest = Math.min(...file.candidates.map((c) => c.earliestYear));
    const row = file.candidates.find((c) => c.earliestYear === earliest)!;
    if (earliest > years.at(-1)!) {
      return (
        `Nothing was built: no candidate can open within the plan's years (${span}). The earliest any can open is ${earliest} ` +
        `(plan-candidates.json, ${row.earliestYearBasis}); plan over years that include ${earliest}.`
      );
    }
    return `Nothing was built: no candidate build has a site in the plan's localities at this level, for its phases.`;
  }
  let cheapest: { name: string; capital: number } | null = null;
  let affordable = false;
  for (const k of candidates) {
    if (!cheapest || k.capitalPerUnit < cheapest.capital) cheapest = { name: k.name, capital: k.capitalPerUnit };
    years.forEach((year, t) => {
      if (year >= k.earliestYear && k.capitalPerUnit <= (budgets.perYear[t] ?? Infinity) && k.capitalPerUnit <= (budgets.total ?? Infinity)) affordable = true;
    });
  }
  if (!affordable) {
    const available = [budgets.total !== null ? `${pounds(budgets.total)} in total` : null, ...years.map((y, t) => (budgets.perYear[t] != null ? `${y}: ${pounds(budgets.perYear[t]!)}` : null))]
      .filter(Boolean)
      .join('; ');
    return `Nothing was built: the budgets (${available}) buy no unit of any candidate in a year it can open; the cheapest unit is ${cheapest!.name} at ${pounds(cheapest!.capital)}.`;
  }
  return (
    `Nothing was built: the builds that can open within ${span} and the budgets would give no pupil a state place they lack, or too few to be worth their cost ` +
    `(the plan leaves ${Math.round(withoutStatePlace)} pupil-year(s) without a state place; the candidates that could open do not reach them, or do not take their designation and phase).`
  );
}
