/**
 * The soak's worker processes, as the driver sees them: start N (`soak/worker.ts`, each with its own log
 * file), move their clocks together, run a job on one of them, `kill -9` one and start its replacement.
 * A worker that dies without being killed is restarted too, and counted: the report shows it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FromWorker, SoakJob, ToWorker } from './protocol.ts';

const root = path.resolve(import.meta.dirname, '..');

export type RunOutcome = { ok: true; result?: unknown } | { ok: false; error: string };

/** Where the soak's jobs run: worker processes, or (PGlite) the driver's own process. */
export interface Workers {
  readonly count: number;
  /** Every process's log file so far (a restarted worker writes a new one). */
  readonly logFiles: string[];
  /** Worker processes that exited without being told to. */
  readonly unexpectedExits: number;
  setClock(nowMs: number): Promise<void>;
  /** Runs a job's handler on worker `index` (round robin when omitted). */
  run(job: SoakJob, index?: number): Promise<RunOutcome>;
  /** The jobs each worker is running now. */
  running(index: number): readonly SoakJob[];
  /**
   * SIGKILL; a new process takes its place in the background (jobs go to the other workers meanwhile).
   * Returns the dead process's lease owner id once it is dead.
   */
  killAndReplace?(index: number): Promise<{ deadInstanceId: string }>;
  stop(): Promise<void>;
}

interface Slot {
  index: number;
  generation: number;
  child: ChildProcess;
  instanceId: string;
  pending: Map<number, { job?: SoakJob; resolve: (outcome: RunOutcome) => void }>;
  stopping: boolean;
}

export class WorkerPool implements Workers {
  readonly logFiles: string[] = [];
  #unexpectedExits = 0;
  readonly #slots: Slot[] = [];
  readonly #env: Record<string, string>;
  readonly #logDir: string;
  #nowMs: number;
  #seq = 0;
  #next = 0;
  /** Replacements still starting. */
  readonly #replacing = new Set<Promise<void>>();
  readonly count: number;

  constructor(count: number, options: { env: Record<string, string>; logDir: string; startMs: number }) {
    this.count = count;
    this.#env = options.env;
    this.#logDir = options.logDir;
    this.#nowMs = options.startMs;
  }

  get unexpectedExits(): number {
    return this.#unexpectedExits;
  }

  async start(): Promise<void> {
    // One at a time: each runs the migrations at start (under the migrator's lock), which the first one does for all.
    for (let index = 0; index < this.count; index++) this.#slots[index] = await this.#spawn(index, 0);
  }

  async setClock(nowMs: number): Promise<void> {
    this.#nowMs = nowMs;
    await Promise.all(this.#slots.map((slot) => this.#request(slot, { type: 'clock', seq: 0, nowMs })));
  }

  run(job: SoakJob, index?: number): Promise<RunOutcome> {
    const first = index ?? this.#next++ % this.count;
    // A worker being replaced cannot take it: the next live one does.
    const alive = (slot: Slot) => slot.child.exitCode === null && slot.child.signalCode === null;
    const slot = Array.from({ length: this.count }, (_, i) => this.#slots[(first + i) % this.count]!).find(alive) ?? this.#slots[first]!;
    return this.#request(slot, { type: 'run', seq: 0, job }, job);
  }

  running(index: number): readonly SoakJob[] {
    return [...(this.#slots[index]?.pending.values() ?? [])].flatMap((p) => (p.job ? [p.job] : []));
  }

  async killAndReplace(index: number): Promise<{ deadInstanceId: string }> {
    const slot = this.#slots[index]!;
    slot.stopping = true;
    const exited = new Promise((resolve) => slot.child.once('exit', resolve));
    slot.child.kill('SIGKILL');
    await exited;
    this.#replacing.add(this.#respawn(index, slot.generation + 1));
    return { deadInstanceId: slot.instanceId };
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.#replacing);
    await Promise.all(
      this.#slots.map(async (slot) => {
        slot.stopping = true;
        const exited = new Promise((resolve) => (slot.child.exitCode === null ? slot.child.once('exit', resolve) : resolve(undefined)));
        this.#post(slot, { type: 'stop', seq: 0 });
        const timer = setTimeout(() => slot.child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  #spawn(index: number, generation: number): Promise<Slot> {
    const logFile = path.join(this.#logDir, `worker-${index}.${generation}.log`);
    this.logFiles.push(logFile);
    const fd = fs.openSync(logFile, 'a');
    const child = fork(path.join(root, 'soak/worker.ts'), [], {
      cwd: root,
      execPath: path.join(root, 'node_modules/.bin/node'),
      env: { ...this.#env, SOAK_START_MS: String(this.#nowMs) },
      stdio: ['ignore', fd, fd, 'ipc'],
    });
    fs.closeSync(fd);
    const slot: Slot = { index, generation, child, instanceId: '', pending: new Map(), stopping: false };
    child.on('error', () => {}); // Its exit is what counts, and the exit handler deals with it.
    child.on('message', (message: FromWorker) => {
      if (message.type !== 'reply') return;
      const waiting = slot.pending.get(message.seq);
      slot.pending.delete(message.seq);
      waiting?.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
    });
    child.on('exit', (code, signal) => {
      for (const waiting of slot.pending.values()) waiting.resolve({ ok: false, error: `worker ${index} exited (${signal ?? code})` });
      slot.pending.clear();
      if (slot.stopping || this.#slots[index] !== slot) return;
      // Died on its own: that is a finding; keep the soak going with a new process.
      this.#unexpectedExits++;
      this.#replacing.add(this.#respawn(index, generation + 1));
    });
    return new Promise((resolve, reject) => {
      const failed = (code: number | null) => reject(new Error(`worker ${index} did not start (exit ${code}); see ${logFile}`));
      child.once('exit', failed);
      child.once('message', (message: FromWorker) => {
        if (message.type !== 'ready') return;
        child.off('exit', failed);
        slot.instanceId = message.instanceId;
        // The clock may have moved while it started.
        this.#post(slot, { type: 'clock', seq: -1, nowMs: this.#nowMs });
        resolve(slot);
      });
    });
  }

  /** A new process in a dead one's place, trying again while it cannot start (the database may be down). */
  async #respawn(index: number, generation: number): Promise<void> {
    for (let attempt = 0; attempt <= 20; attempt++) {
      try {
        this.#slots[index] = await this.#spawn(index, generation + attempt);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  #request(slot: Slot, message: ToWorker, job?: SoakJob): Promise<RunOutcome> {
    const seq = ++this.#seq;
    return new Promise((resolve) => {
      if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve({ ok: false, error: `worker ${slot.index} is not running` });
      slot.pending.set(seq, { job, resolve });
      this.#post(slot, { ...message, seq });
    });
  }

  #post(slot: Slot, message: ToWorker): void {
    if (!slot.child.connected) return; // The process is gone; its exit handler answers whoever waits.
    // A callback keeps a send that races the process's death from becoming an 'error' event.
    slot.child.send(message, () => {});
  }
}
