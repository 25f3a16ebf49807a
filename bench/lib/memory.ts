/** RSS and heap sampling for the sweep benchmarks (every 100 ms), and waiting for a fresh process to settle. */

export const mb = (bytes: number) => bytes / (1024 * 1024);

export function sampler() {
  let peakRss = 0;
  let peakHeap = 0;
  let peakExternal = 0;
  let samples = 0;
  let atPeak: NodeJS.MemoryUsage = process.memoryUsage();
  const take = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) atPeak = m;
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external);
    samples++;
  };
  take();
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakRss, peakHeap, peakExternal, samples, atPeak };
    },
  };
}

/** Waits (1-8 s) until RSS after a GC stops moving. */
export async function settle(gc: () => void): Promise<void> {
  let last = process.memoryUsage().rss;
  for (let waited = 0; waited < 8000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    gc();
    const rss = process.memoryUsage().rss;
    if (waited >= 1000 && Math.abs(rss - last) < 0.01 * last) return;
    last = rss;
  }
}
