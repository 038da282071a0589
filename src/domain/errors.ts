/**
 * Errors the caller can act on. Each carries a kind that says what went wrong in the caller's
 * terms; the service's one error handler (src/plugins/app/errors.ts) turns the kind into an HTTP
 * answer and `npm run scenario` into a message. Messages are safe to show as they are: they never
 * repeat submitted values (a need profile is personal data).
 *
 * - invalid: the request itself is wrong (a field's value, a missing field): HTTP 400;
 * - unprocessable: well-formed, but it names what the dataset does not hold, or asks what cannot be
 *   done with it (a scenario's unknown provision, two runs at different levels): 422;
 * - not-found: 404; conflict: the state changed or the thing exists already: 409;
 * - too-large: more than the service takes in one request: 413;
 * - unavailable: try again later, after `retryAfterSeconds` when known: 503;
 * - unauthenticated / forbidden: no valid API key, or one without the role: 401 / 403.
 */
export const ERROR_KINDS = ['invalid', 'unprocessable', 'not-found', 'conflict', 'too-large', 'unavailable', 'unauthenticated', 'forbidden'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One problem at one place in the input: `path` like "supply[2].provision" or "body.profile.age". */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface DomainErrorDetails {
  /** Where in the input, when the problem is in the input. */
  issues?: FieldIssue[];
  /** For 'unavailable': when trying again is worthwhile. */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly issues: readonly FieldIssue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    details: DomainErrorDetails = {},
  ) {
    super(message);
    this.issues = details.issues ?? [];
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** The same error with its field paths under `prefix`: "supply[0].id" under "body.scenario" is "body.scenario.supply[0].id". */
  under(prefix: string): DomainError {
    const moved = new DomainError(this.kind, this.message, {
      issues: this.issues.map((i) => ({ path: `${prefix}.${i.path}`, message: i.message })),
      retryAfterSeconds: this.retryAfterSeconds,
    });
    moved.stack = this.stack;
    return moved;
  }

  /** Plain data, to cross a worker thread (an error's class does not survive the crossing). */
  toData(): DomainErrorData {
    return { kind: this.kind, message: this.message, issues: [...this.issues], retryAfterSeconds: this.retryAfterSeconds };
  }

  static fromData(data: DomainErrorData): DomainError {
    return new DomainError(data.kind, data.message, { issues: data.issues, retryAfterSeconds: data.retryAfterSeconds });
  }
}

export interface DomainErrorData {
  kind: ErrorKind;
  message: string;
  issues: FieldIssue[];
  retryAfterSeconds: number | undefined;
}

/** A problem with one field of the input: the message names the field. */
export function invalidField(path: string, message: string, kind: 'invalid' | 'unprocessable' = 'invalid'): DomainError {
  return new DomainError(kind, message, { issues: [{ path, message }] });
}

/** Runs `work`; a DomainError it throws (or rejects with) comes out with its field paths under `prefix`. */
export async function fieldsUnder<T>(prefix: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof DomainError ? err.under(prefix) : err;
  }
}
