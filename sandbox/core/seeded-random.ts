/**
 * mulberry32: a small, fast pseudo-random generator that gives the same sequence for the same seed.
 * For what must repeat from run to run (the sandbox's made-up figures, benchmark and soak populations,
 * the soak's chaos plan), never for secrets: those come from node:crypto.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
