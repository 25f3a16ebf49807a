/** Demo mode only: a key ring generated once into DATA_DIR, so a laptop run needs no setup. */
import fs from 'node:fs';
import path from 'node:path';
import { generateKeySpec } from './key-ring.ts';

/** The demo key ring already in DATA_DIR, if any (`keys check` reads it without making one). */
export function readDemoKeySpec(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'encryption-keys');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined;
}

export function loadOrCreateDemoKeySpec(dataDir: string): { spec: string; created: boolean; file: string } {
  const file = path.join(dataDir, 'encryption-keys');
  if (fs.existsSync(file)) return { spec: fs.readFileSync(file, 'utf8').trim(), created: false, file };
  fs.mkdirSync(dataDir, { recursive: true });
  const spec = generateKeySpec('demo1');
  fs.writeFileSync(file, `${spec}\n`, { mode: 0o600 });
  return { spec, created: true, file };
}
