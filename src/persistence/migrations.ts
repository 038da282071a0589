/**
 * Schema changes, applied in id order, each once. Never edit a migration that has shipped: add a new one.
 * Feature modules add their tables here so one file shows the whole schema's history.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [];
