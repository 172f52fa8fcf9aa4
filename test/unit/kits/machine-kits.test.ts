import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKitLedger } from '../../../src/main/kits/kit-ledger-file';
import { machineKitsDir } from '../../../src/main/kits/machine-kits';

describe('the machine-wide kits folder', () => {
  it('is the per-OS folder shared by every user, as the README says', () => {
    expect(machineKitsDir('win32', { ProgramData: 'D:\\ProgramData' })).toBe(
      'D:\\ProgramData\\POS Connect\\kits',
    );
    expect(machineKitsDir('win32', {})).toBe('C:\\ProgramData\\POS Connect\\kits');
    expect(machineKitsDir('darwin', {})).toBe('/Library/Application Support/POS Connect/kits');
    expect(machineKitsDir('linux', {})).toBe('/etc/pos-connect/kits');
  });
});

describe('the ledger of imported kits', () => {
  const hash = (n: number) => String(n).repeat(64).slice(0, 64);

  it('remembers a hash across instances, once, in an owner-only file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-kit-ledger-'));
    try {
      expect(await fileKitLedger(dir).has(hash(1))).toBe(false);
      await fileKitLedger(dir).add(hash(1), 'shop.posconnect');
      await fileKitLedger(dir).add(hash(1), 'shop.posconnect');
      expect(await fileKitLedger(dir).has(hash(1))).toBe(true);
      expect(await fileKitLedger(dir).has(hash(2))).toBe(false);
      const saved = JSON.parse(await readFile(join(dir, 'imported-kits.json'), 'utf8')) as {
        imported: unknown[];
      };
      expect(saved.imported).toHaveLength(1);
      if (process.platform !== 'win32')
        expect((await stat(join(dir, 'imported-kits.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a damaged ledger counts as empty (at worst a kit is offered again), and is replaced on the next import', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pos-kit-ledger-'));
    try {
      await writeFile(join(dir, 'imported-kits.json'), '{"imported": [oops');
      expect(await fileKitLedger(dir).has(hash(1))).toBe(false);
      await fileKitLedger(dir).add(hash(3), 'x.posconnect');
      expect(await fileKitLedger(dir).has(hash(3))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
