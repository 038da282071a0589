/**
 * The /match use case: one need profile in, the three proposed designations scored with their
 * reasons, the level of support, and how the five current designations would have placed the child.
 */
import { resolveHome } from '../geo/home.js';
import type { Registry } from '../registry/registry.js';
import { matcherFor, type SetMatch } from './match-profile.js';
import type { NeedProfileMatch } from './match-result.js';
import type { NeedProfile } from './need-profile.js';

export type { NeedProfileMatch } from './match-result.js';

/** An unknown home LSOA is invalid at "home.lsoa" (see resolveHome). */
export function matchNeedProfile(registry: Registry, profile: NeedProfile): NeedProfileMatch {
  let home: NeedProfileMatch['home'] = null;
  if (profile.home) {
    const resolved = resolveHome(registry, profile.home);
    home = { basis: resolved.basis, estimate: resolved.estimate, note: resolved.note };
  }
  const matcher = matcherFor(registry);
  const { proposed, current } = matcher.match(profile);
  return {
    designations: proposed.designations,
    bestFit: proposed.bestFit,
    ambiguity: proposed.ambiguity,
    continuum: proposed.continuum,
    current: { summary: currentSummary(registry, current), ...current },
    scoring: matcher.scoring,
    home,
  };
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function currentSummary(registry: Registry, current: SetMatch): string {
  const c = current.continuum;
  if (c.level === 'special') {
    const name = registry.designations.current.find((d) => d.code === c.designation)?.name ?? c.designation;
    const alt = current.ambiguity ? ` (or ${current.ambiguity.between.find((d) => d !== c.designation)}: the guidance does not separate them)` : '';
    const n = registry.designations.current.length;
    const council = registry.dataset.localAuthority.name;
    const designations = n === 1 ? `${council}'s current designation` : `${council}'s ${NUMBER_WORDS[n] ?? n} current designations`;
    return `Under ${designations} this child would have fitted a special school designated ${c.designation} (${name})${alt}.`;
  }
  return `No current designation fits either: under the current set the continuum level would be ${c.level}${c.srpNeedType ? ` (SRP for ${c.srpNeedType})` : ''}.`;
}
