import { join } from 'node:path';
import { z } from 'zod';
import type { KitLedger } from '../ports';
import { readFileIfExists, writeFileAtomic } from '../vault/atomic-file';

const ledgerSchema = z.strictObject({
  imported: z.array(
    z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string(), at: z.string() }),
  ),
});

/**
 * `imported-kits.json` in the data folder: the hashes of the machine-wide kits already imported, so
 * a kit IT left in the folder is added once, not again at every start (nor again after the manager
 * removed what it added). A damaged ledger counts as empty: at worst a kit is offered again.
 */
export function fileKitLedger(dataDir: string, now: () => number = Date.now): KitLedger {
  const path = join(dataDir, 'imported-kits.json');
  const read = async () => {
    const bytes = await readFileIfExists(path);
    if (!bytes) return [];
    try {
      return ledgerSchema.parse(JSON.parse(bytes.toString('utf8'))).imported;
    } catch {
      return [];
    }
  };
  return {
    async has(hash) {
      return (await read()).some((entry) => entry.hash === hash);
    },
    async add(hash, fileName) {
      const imported = await read();
      if (imported.some((entry) => entry.hash === hash)) return;
      imported.push({ hash, fileName, at: new Date(now()).toISOString() });
      await writeFileAtomic(path, `${JSON.stringify({ imported }, null, 2)}\n`);
    },
  };
}
