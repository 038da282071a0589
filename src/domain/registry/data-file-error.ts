/**
 * A data file the service cannot trust. Start-up stops with this message, which names the file,
 * the row (1-based line number in the file, header = line 1; array index for JSON) and the field.
 */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | string | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    const where = [file, row !== null ? `row ${row}` : null, field !== null ? `field ${field}` : null].filter(Boolean).join(', ');
    super(`${where}: ${problem}`);
    this.name = 'DataFileError';
  }
}
