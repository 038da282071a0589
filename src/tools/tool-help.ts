/**
 * `--help` (or `-h`) for every command-line tool in src/tools/, answered before the tool does anything:
 * it prints the tool's usage to standard output and exits 0. Called first, so asking for help never
 * opens the database, writes a file or takes `--help` for a file or folder name (`npm run backup --
 * --help` once wrote a 14 MB copy of the database to a file named `--help`).
 */
export function exitOnHelp(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!argv.some((arg) => arg === '--help' || arg === '-h')) return;
  console.log(usage);
  process.exit(0);
}
