/**
 * Realistic placement-search requests (for the benchmark and the batch test): primary needs drawn in the proportions of
 * Kent's EHCPs (DfE SEN2, January 2025), learning difficulty and traits that suit the need, ages
 * 4-18, homes at real Kent LSOAs (half sent as an LSOA code, half as coordinates near its
 * centroid), and varied options. Seeded, so every run sends the same requests.
 */
import type { NeedCode } from '../../src/domain/needs.js';
import { DESIGNATION_SETS } from '../../src/domain/designations/designation-source.js';
import type { LearningDifficulty, NeedTrait } from '../../src/domain/matching/need-profile.js';
import type { Registry } from '../../src/domain/registry/registry.js';

/** Kent EHCPs by primary need, January 2025 (DfE SEN2; unknown left out). */
const KENT_EHCP_PRIMARY_NEED: [NeedCode, number][] = [
  ['ASD', 9535], ['SEMH', 3833], ['SLCN', 3583], ['MLD', 1041], ['SLD', 807], ['PD', 644],
  ['SPLD', 386], ['PMLD', 372], ['HI', 194], ['VI', 89], ['MSI', 27], ['OTH', 4],
];

const LD_BY_NEED: Partial<Record<NeedCode, LearningDifficulty[]>> = {
  PMLD: ['profound'],
  SLD: ['severe', 'severe', 'profound'],
  MLD: ['mild', 'moderate', 'moderate'],
};
const ANY_LD: LearningDifficulty[] = ['none', 'none', 'none', 'mild', 'moderate', 'moderate', 'severe'];
const TRAITS_BY_NEED: Partial<Record<NeedCode, NeedTrait[]>> = {
  ASD: ['severe-social-communication', 'severe-social-anxiety', 'adhd', 'challenging-behaviour'],
  SEMH: ['challenging-behaviour', 'adverse-childhood-experiences', 'adhd', 'severe-social-anxiety'],
  SLCN: ['communication-disorder', 'severe-social-communication'],
  PD: ['complex-medical'],
  PMLD: ['complex-medical'],
  SLD: ['communication-disorder', 'challenging-behaviour'],
};
const SECONDARY: NeedCode[] = ['SEMH', 'SLCN', 'ASD', 'MLD', 'SPLD', 'HI', 'VI', 'PD'];

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function placementRequests(registry: Registry, count: number, seed = 20250524): object[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const total = KENT_EHCP_PRIMARY_NEED.reduce((s, [, n]) => s + n, 0);
  const drawNeed = (): NeedCode => {
    let r = random() * total;
    for (const [code, n] of KENT_EHCP_PRIMARY_NEED) if ((r -= n) < 0) return code;
    return 'ASD';
  };
  const lsoas = [...registry.lsoas.values()];
  return Array.from({ length: count }, () => {
    const primaryNeed = drawNeed();
    const secondaryNeeds = random() < 0.4 ? [pick(SECONDARY.filter((n) => n !== primaryNeed))] : [];
    const candidates = TRAITS_BY_NEED[primaryNeed] ?? [];
    const traits = candidates.filter(() => random() < 0.35);
    const lsoa = pick(lsoas);
    const home =
      random() < 0.5
        ? { lsoa: lsoa.code }
        : { lat: lsoa.centroid.lat + (random() - 0.5) * 0.01, lon: lsoa.centroid.lon + (random() - 0.5) * 0.01 };
    const options: Record<string, unknown> = { designationSet: pick(DESIGNATION_SETS), maxDistanceKm: pick([15, 25, 40, 60]) };
    if (random() < 0.3) options.maxMinutes = pick([30, 45, 75]);
    return {
      profile: {
        primaryNeed,
        secondaryNeeds,
        learningDifficulty: pick(LD_BY_NEED[primaryNeed] ?? ANY_LD),
        traits,
        age: 4 + Math.floor(random() * 15),
        home,
      },
      options,
    };
  });
}
