/**
 * The folders the data tools read, checked before they start: a missing folder or file is named,
 * with where it comes from and how to point the tool at it, instead of a stack trace half-way through.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the public raw data comes from, for the message. */
export const RAW_DATA_ORIGIN =
  "the team's shared/data/raw folder of public files (DfE Get Information about Schools and SEN2 EHCP statistics, " +
  'ONS boundaries, Census 2021 and population projections, Kent County Council pages; each source, date and licence is in models/kent/PROVENANCE.md)';

export interface NeededFolder {
  /** The npm script, e.g. "prepare-data". */
  tool: string;
  /** What the folder is, e.g. "the public raw-data folder". */
  what: string;
  dir: string;
  /** Paths inside `dir` the tool reads (files or folders). */
  paths: readonly string[];
  /** Where the folder comes from and how to give the tool its path. */
  origin: string;
}

/** What is missing, in words; null when everything is there. */
export function missingInputs(needed: NeededFolder): string | null {
  if (!existsSync(needed.dir)) return `${needed.tool} needs ${needed.what} ${needed.dir}, which does not exist. It is ${needed.origin}.`;
  const missing = needed.paths.filter((p) => !existsSync(join(needed.dir, p)));
  if (!missing.length) return null;
  return `${needed.tool} needs ${missing.length} ${missing.length === 1 ? 'file' : 'files'} missing from ${needed.what} ${needed.dir}: ${missing.join(', ')}. It is ${needed.origin}.`;
}

/** Stops the process (exit 1) with the message when something the tool reads is missing. */
export function requireInputs(needed: NeededFolder): void {
  const problem = missingInputs(needed);
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}

/**
 * The register's resourced provision of a school, when the register file has it: GIAS's full export
 * names the columns "TypeOfResourcedProvision (name)", "ResourcedProvisionCapacity" and
 * "SenUnitCapacity" (a snake_case extract: type_of_resourced_provision, ...). The extract in
 * shared/data lacks them (PROVENANCE.md), so schools.csv has these columns only when the register
 * read has them. GIAS writes "Not applicable" for schools with neither, kept as no provision.
 */
export function resourcedProvisionOf(row: Record<string, string | undefined>): { resourced_provision: string; resourced_provision_capacity: string; sen_unit_capacity: string } | null {
  const pick = (...names: string[]) => names.map((n) => row[n]).find((v) => v !== undefined);
  const type = pick('TypeOfResourcedProvision (name)', 'type_of_resourced_provision');
  if (type === undefined) return null;
  const none = /^(not applicable|none|)$/i.test(type.trim());
  return {
    resourced_provision: none ? '' : type.trim(),
    resourced_provision_capacity: (pick('ResourcedProvisionCapacity', 'resourced_provision_capacity') ?? '').trim(),
    sen_unit_capacity: (pick('SenUnitCapacity', 'sen_unit_capacity') ?? '').trim(),
  };
}

/** Whether a register file's rows carry the resourced-provision type at all. */
export const hasResourcedProvision = (rows: Record<string, string | undefined>[]) => rows.length > 0 && resourcedProvisionOf(rows[0]!) !== null;
