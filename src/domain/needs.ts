/** DfE SEN2 / school census primary need codes (GIAS writes "SpLD"; we use upper case throughout). */
export const NEED_CODES = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'PMLD', 'SPLD', 'HI', 'VI', 'MSI', 'PD', 'OTH'] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/**
 * Current special-school designations: Kent's five, and ALL, "all needs (not known)", the designation
 * of a special school in a council whose designations are not in the data (officers set them through
 * the review). Each council's designations.json lists the ones it uses.
 */
export const CURRENT_DESIGNATIONS = ['PSCN', 'SEMH', 'PDCM', 'CI', 'CIL', 'ALL'] as const;
export type CurrentDesignation = (typeof CURRENT_DESIGNATIONS)[number];

/** The three designations proposed in the Kent SEND Strategy 2025-2028. */
export const PROPOSED_DESIGNATIONS = ['CLN', 'SEMH', 'NLD'] as const;
export type ProposedDesignation = (typeof PROPOSED_DESIGNATIONS)[number];

/** Need types a specialist resource provision (SRP) can be commissioned for. */
export const SRP_NEED_TYPES = ['ASD', 'SLCN', 'SEMH', 'HI', 'VI', 'PD'] as const;
export type SrpNeedType = (typeof SRP_NEED_TYPES)[number];
