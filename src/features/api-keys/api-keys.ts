/**
 * API keys: 32 random bytes (256 bits) from the operating system's CSPRNG, shown once, stored only
 * as a SHA-256 hash.
 *
 * Why a plain SHA-256 and not bcrypt/scrypt/argon2: slow hashes exist to protect low-entropy
 * secrets (passwords) from guessing after a database leak. A 256-bit random key cannot be guessed
 * from its hash whatever the hash speed, and a fast deterministic hash lets each request find its
 * key by an indexed lookup instead of spending ~100 ms of CPU on a key-derivation function.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DomainError, invalidField } from '../../domain/errors.js';
import type { ApiKeyRecord, ApiKeyRepository, KeyActor } from './api-key-repository.js';
import type { Role } from './roles.js';

/** Recognisable in logs, config files and secret scanners. */
export const API_KEY_PREFIX = 'spp_';
const KEY_BYTES = 32;
/** How much of the key the listing shows: the marker plus 6 characters (36 of 256 bits). */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/** Keeps names printable and short: they appear in the audit log, CSV exports and the CLI table. */
export function checkKeyName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'name must not be empty';
  if (trimmed.length > 100) return 'name must be at most 100 characters';
  if (/[\p{Cc}]/u.test(trimmed)) return 'name must not contain control characters';
  return null;
}

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** The key itself: give it to its holder now, it cannot be recovered later. */
  key: string;
}

/** Makes a key, recorded in the key log as made by `by` (an admin's key, or the command line). */
export async function createApiKey(repository: ApiKeyRepository, input: { name: string; role: Role }, now = new Date(), by?: KeyActor): Promise<CreatedApiKey> {
  const problem = checkKeyName(input.name);
  if (problem) throw invalidField('name', problem);
  const key = generateApiKey();
  const record = await repository.create({
    id: randomBytes(6).toString('hex'),
    name: input.name.trim(),
    role: input.role,
    keyHash: hashApiKey(key),
    keyPrefix: `${key.slice(0, SHOWN_PREFIX_LENGTH)}...`,
    createdAt: now.toISOString(),
  }, by);
  return { record, key };
}

/** Revokes the key at once (revoking again keeps the first time); not-found when no key has this id. */
export async function revokeApiKey(repository: ApiKeyRepository, id: string, now = new Date(), by?: KeyActor): Promise<ApiKeyRecord> {
  const record = await repository.revoke(id, now.toISOString(), by);
  if (!record) throw new DomainError('not-found', `no API key with id ${id}`);
  return record;
}

/** The key from an `Authorization: Bearer <key>` header, or null when there is none. */
export function bearerToken(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1]! : null;
}
