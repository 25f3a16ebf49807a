/**
 * How busy the whole machine was while a figure was measured. On a shared 2-core box other work (a test
 * run, a build) can halve a throughput figure; these numbers let a reader tell a regression from noise.
 */
import fs from 'node:fs';
import os from 'node:os';

export interface MachineLoad {
  /** 1-minute load average when the measurement started. */
  load1AtStart: number;
  /** Share of all cores busy (any process, including PostgreSQL and the sandbox) during the measurement, %. */
  machineBusyPct: number;
  /** This process's CPU time over wall time, % of one core. */
  processCpuPct: number;
}

function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export function measureLoad(): { stop(): MachineLoad } {
  const load1AtStart = os.loadavg()[0] ?? 0;
  const start = cpuTimes();
  const cpu = process.cpuUsage();
  const at = performance.now();
  return {
    stop() {
      const end = cpuTimes();
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - at;
      const machineBusyPct = start && end && end.total > start.total ? (100 * (end.busy - start.busy)) / (end.total - start.total) : NaN;
      return { load1AtStart, machineBusyPct, processCpuPct: (100 * (used.user + used.system)) / 1000 / wallMs };
    },
  };
}

/** Share of all cores busy over the next `ms` milliseconds, %. */
export async function sampleBusyPct(ms = 1000): Promise<number> {
  const start = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const end = cpuTimes();
  return start && end && end.total > start.total ? (100 * (end.busy - start.busy)) / (end.total - start.total) : 0;
}

/**
 * Before a measurement: wait (up to maxSeconds) until other processes leave the cores mostly idle.
 * Returns the last busy % seen. Between cases none of the benchmark's own processes are running.
 */
export async function waitForQuiet(maxSeconds: number, thresholdPct: number, log: (message: string) => void): Promise<number> {
  const deadline = performance.now() + maxSeconds * 1000;
  let busy = await sampleBusyPct(500);
  let told = false;
  while (busy > thresholdPct && performance.now() < deadline) {
    if (!told) log(`  · other processes keep the machine ${Math.round(busy)}% busy; waiting up to ${maxSeconds} s for it to calm down`);
    told = true;
    busy = await sampleBusyPct(2000);
  }
  if (told) log(`  · ${busy > thresholdPct ? 'still' : 'now'} ${Math.round(busy)}% busy; measuring`);
  return busy;
}
