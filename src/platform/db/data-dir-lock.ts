/**
 * One process at a time in a PGlite data directory. PGlite is a whole PostgreSQL inside the process,
 * with no server to arbitrate: two processes opening the same files (`npx channelkeeper refresh`
 * beside `npm start`) would each believe they own them. So opening takes `DATA_DIR/channelkeeper.lock`,
 * holding who has it (pid, start time, command, the URL it serves), and a second opener is refused
 * with a sentence naming that process. A lock whose process is gone is taken over with a warning.
 *
 * The lock file appears whole or not at all: it is written under a temporary name and hard-linked
 * into place, which fails if the name exists (like O_EXCL, without a moment when it is empty).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { systemClock } from '../../kernel/clock.ts';

export const LOCK_FILE = 'channelkeeper.lock';

/** Who holds a data directory, as its lock file says. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  /** What it runs, for a person: `channelkeeper start`, `channelkeeper refresh`, … */
  command: string;
  /** Where it serves the API and the dashboard, when it does. */
  url?: string;
  /** The kernel's start time of the process (Linux), so a pid reused by another process is not mistaken for it. */
  processStart?: string;
  token: string;
}

export class DataDirInUseError extends Error {}

export interface DataDirLock {
  release(): void;
}

/** Tokens of the locks this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string, owner: { command: string; url?: string }, onStaleLock: (holder: LockHolder) => void = () => {}): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    startedAt: systemClock.now().toISOString(),
    ...owner,
    processStart: processStartOf(process.pid),
    token: crypto.randomBytes(12).toString('hex'),
  };
  const text = `${JSON.stringify(holder, null, 2)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusively(file, text)) {
      heldHere.add(holder.token);
      const releaseAtExit = () => release(file, holder.token);
      process.once('exit', releaseAtExit);
      return {
        release() {
          process.removeListener('exit', releaseAtExit);
          release(file, holder.token);
        },
      };
    }
    const current = readHolder(file);
    if (current === undefined) continue; // Released meanwhile, or not ours to judge yet: try again.
    if (isAlive(current)) throw new DataDirInUseError(inUseMessage(dataDir, current));
    // Taken over only if the file still holds the dead process: another opener may have won the race.
    if (readHolder(file)?.token !== current.token) continue;
    onStaleLock(current);
    fs.rmSync(file, { force: true });
  }
  throw new DataDirInUseError(`DATA_DIR ${dataDir}: could not take ${LOCK_FILE}, as other processes keep taking it; stop them and start again.`);
}

function inUseMessage(dataDir: string, holder: LockHolder): string {
  const who = `pid ${holder.pid}: ${holder.command}, since ${holder.startedAt}${holder.url ? `, serving ${holder.url}` : ''}`;
  const instead = holder.url ? `, or use its API or dashboard at ${holder.url} instead` : ', or wait for it to finish';
  return `DATA_DIR ${dataDir} is in use by another Channelkeeper process (${who}). Embedded PGlite lets one process at a time open its data: stop that process first${instead}. To run several processes at once, use PostgreSQL (DATABASE_URL).`;
}

function createExclusively(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return { pid: 0, startedAt: '?', command: '?', token: String(parsed.token) };
    return parsed as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Unreadable: not a lock any running version of ours wrote, so nobody holds it.
    return { pid: 0, startedAt: '?', command: '?', token: 'unreadable' };
  }
}

function isAlive(holder: LockHolder): boolean {
  // Our own pid: a lock of this process, or one left by an earlier process that had the same pid (a container's pid 1).
  if (holder.pid === process.pid) return heldHere.has(holder.token);
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartOf(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

/** Field 22 of /proc/<pid>/stat (start time since boot, in clock ticks), after the command's parentheses; undefined off Linux. */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function release(file: string, token: string): void {
  heldHere.delete(token);
  if (readHolder(file)?.token === token) fs.rmSync(file, { force: true });
}
