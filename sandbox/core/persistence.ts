/**
 * Optional persistence of the sandbox's world to one JSON file, so that a restarted demo (`npm start`) still
 * knows every account it created and every token it issued, as the real network would.
 *
 * Saved: the apps, the accounts (with their event epochs) and the tokens (issue and expiry instants, kind,
 * scopes, replaced state). Not saved: authorization codes (they live an hour), faults, call counts, the
 * configuration other than apps, and the clock.
 *
 * Writes are atomic (a temp file, then rename) and throttled: at most one per second after state-changing
 * requests, plus one on close. Nothing here runs when no state file is set.
 *
 * A file of another version, or one that is not valid JSON of the expected shape, is ignored with a warning
 * (and replaced at the next save) rather than stopping the sandbox.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { InstagramState } from '../instagram/world.ts';
import type { SandboxApp } from './types.ts';

export const STATE_VERSION = 1;

export interface PersistedState {
  version: typeof STATE_VERSION;
  /** When the file was written (the world's clock), for people reading it. */
  savedAt: string;
  apps: SandboxApp[];
  instagram: InstagramState;
  /** Other simulated networks, by name; each reads its own part (see World.addNetwork). */
  networks?: Record<string, unknown>;
}

const appSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
});

const accountSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  name: z.string(),
  accountType: z.enum(['BUSINESS', 'MEDIA_CREATOR', 'PERSONAL']),
  profilePictureUrl: z.string(),
  followersCount: z.number(),
  followsCount: z.number(),
  mediaCount: z.number(),
  createdAtMs: z.number().optional(),
  published: z
    .array(
      z.object({
        id: z.string(),
        mediaType: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']),
        productType: z.enum(['FEED', 'REELS', 'STORY']),
        caption: z.string(),
        publishedAtMs: z.number(),
        copyrighted: z.boolean().optional(),
      }),
    )
    .optional(),
  grantedScopes: z.array(z.string()).optional(),
  epoch: z.number().int().min(0),
  closedBy: z.array(z.number()),
});

const tokenSchema = z.object({
  value: z.string(),
  kind: z.enum(['short', 'long']),
  username: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  issuedAtMs: z.number(),
  expiresAtMs: z.number(),
  epoch: z.number().int().min(0),
  supersededAtMs: z.number().optional(),
});

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  savedAt: z.string(),
  apps: z.array(appSchema),
  instagram: z.object({
    seq: z.number().int().min(0),
    accounts: z.array(accountSchema),
    tokens: z.array(tokenSchema),
    metrics: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  }),
  networks: z.record(z.string(), z.unknown()).optional(),
});

function warn(file: string, why: string): undefined {
  console.warn(`sandbox: ignoring state file ${file}: ${why}; it will be replaced at the next save`);
  return undefined;
}

/** The saved state, or undefined when the file is missing or unusable (the latter with a warning). */
export function loadState(file: string): PersistedState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return warn(file, `cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return warn(file, `not valid JSON (${(error as Error).message})`);
  }
  const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
  if (version !== STATE_VERSION) return warn(file, `format version ${JSON.stringify(version) ?? 'missing'}, expected ${STATE_VERSION}`);
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return warn(file, `unexpected content (${z.prettifyError(parsed.error).split('\n')[0]})`);
  return parsed.data as PersistedState;
}

/** Writes `text` to `file` atomically: a temp file beside it, then rename. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, text);
  await fs.promises.rename(tmp, file);
}

export interface StateSource {
  /** Increases whenever something worth saving changed. */
  changes(): number;
  state(): PersistedState;
}

/**
 * Throttled saver: `schedule()` after a request that may have changed the world; it saves at most once per
 * `intervalMs` (real time, not the world's clock, which a test may have stopped) and only when `changes()`
 * moved. `close()` waits for a write in flight and saves what is left.
 */
export class StatePersister {
  readonly file: string;
  readonly #source: StateSource;
  readonly #intervalMs: number;
  #saved: number;
  #lastWriteMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(file: string, source: StateSource, options: { intervalMs?: number } = {}) {
    this.file = file;
    this.#source = source;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#saved = source.changes();
  }

  /**
   * Takes what the world holds now as saved: after a network is added, its seeds (regenerated the same
   * at every start) or the state it just loaded from this very file are not changes.
   */
  acceptCurrent(): void {
    this.#saved = this.#source.changes();
  }

  /** True when the world changed since the last save. */
  get dirty(): boolean {
    return this.#source.changes() !== this.#saved;
  }

  schedule(): void {
    if (this.#closed || this.#timer || !this.dirty) return;
    const wait = Math.max(0, this.#lastWriteMs + this.#intervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.save();
    }, wait);
    this.#timer.unref();
  }

  /** Saves now if anything changed; writes are serialised, errors are warned about, never thrown. */
  save(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      const changes = this.#source.changes();
      if (changes === this.#saved) return;
      this.#lastWriteMs = Date.now();
      try {
        await writeAtomic(this.file, JSON.stringify(this.#source.state()));
        this.#saved = changes;
      } catch (error) {
        console.warn(`sandbox: could not save state to ${this.file}: ${(error as Error).message}`);
      }
    });
    return this.#writing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.save();
  }
}
