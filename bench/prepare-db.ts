/**
 * Creates and migrates a PGlite data directory in a process of its own, so the benchmark process opens
 * an existing DATA_DIR the way a restarted service does. (PGlite's initdb leaves ~250 MB of WASM memory
 * resident in whichever process runs it; a service pays that only on its very first boot.)
 */
import { migrate, openStorage } from '../src/platform/db/db.ts';
import { childArgs, emitResult, runMain } from './lib/child.ts';

runMain(async () => {
  const { dataDir } = childArgs<{ dataDir: string }>();
  const storage = await openStorage({ dataDir });
  await migrate(storage.db);
  await storage.close();
  emitResult({ dataDir });
});
