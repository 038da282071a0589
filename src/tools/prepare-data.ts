/**
 * `npm run prepare-data`: builds a council's dataset in models/.
 *
 *   npm run prepare-data [-- <raw folder> [output folder]]        Kent, from its compiled files (prepare-kent-data.ts)
 *   npm run prepare-data -- --la Kent [<raw folder> [output]]      the same
 *   npm run prepare-data -- --la <ONS code, LA code or name> [--raw <folder>] [--out <folder>]
 *                                                                  any other English council, from the national files
 *                                                                  (prepare-council-data.ts), into models/<name in kebab case>/
 */
import { resolve } from 'node:path';
import { RAW_DATA_ORIGIN } from './raw-data.js';
import { exitOnHelp } from './tool-help.js';

exitOnHelp(`Usage:
  npm run prepare-data [-- <raw folder> [output folder]]        Kent, from its compiled files
  npm run prepare-data -- --la Kent [<raw folder> [output]]      the same
  npm run prepare-data -- --la <ONS code, LA code or name> [--raw <folder>] [--out <folder>]
                                                                 any other English council, from the national files, into models/<name>/

Builds a council's dataset in models/ from the public raw files (default raw folder ../shared/data/raw).`);
const args = process.argv.slice(2);
const take = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`${flag} needs a value`);
    process.exit(1);
  }
  args.splice(i, 2);
  return value;
};
const la = take('--la');
const raw = take('--raw');
const out = take('--out');

if (la === undefined || /^(kent|886|e10000016)$/i.test(la.trim())) {
  // Kent: exactly the tool as before, with its positional arguments (the raw folder, the output folder).
  process.argv = [process.argv[0]!, process.argv[1]!, ...(raw ? [raw] : []), ...(out ? [out] : []), ...args];
  await import('./prepare-kent-data.js');
} else {
  const { prepareCouncilData } = await import('./prepare-council-data.js');
  const rawDir = resolve(raw ?? args[0] ?? '../shared/data/raw');
  try {
    const summary = prepareCouncilData({ la, raw: rawDir, modelsDir: resolve('models'), out: out ? resolve(out) : undefined, log: (line) => console.log(line) });
    console.log(`wrote ${summary.out}`);
  } catch (err) {
    console.error(`prepare-data --la ${la}: ${(err as Error).message}`);
    if (/does not exist/.test((err as Error).message)) console.error(`The raw folder is ${RAW_DATA_ORIGIN}.`);
    process.exit(1);
  }
}
