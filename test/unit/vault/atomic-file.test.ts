import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { keepAside, keepAsideSync, writeFileAtomic } from '../../../src/main/vault/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file by rename (a new inode), mode 0600, no temporary file left', async () => {
    const file = join(dir, 'sub', 'f.json');
    await writeFileAtomic(file, 'one');
    const first = await stat(file);
    await writeFileAtomic(file, 'two');
    const second = await stat(file);
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(second.ino).not.toBe(first.ino);
    if (process.platform !== 'win32') expect(second.mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'sub'))).toEqual(['f.json']);
  });

  it('fails as STORAGE_WRITE_FAILED, leaving the target as it was and no temporary file', async () => {
    const target = join(dir, 'target');
    await mkdir(target); // a directory cannot be replaced by a file
    await writeFile(join(target, 'inside'), 'kept');
    const error = await writeFileAtomic(target, 'data').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('STORAGE_WRITE_FAILED');
    expect((error as AppError).detail).not.toContain(dir);
    expect(await readFile(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(await readdir(dir)).toEqual(['target']);
  });
});

describe('keepAside', () => {
  it('renames to <name>.corrupt-<timestamp>, with a counter when taken, keeping the bytes', async () => {
    const file = join(dir, 'vault.json');
    const at = Date.UTC(2025, 5, 1, 12, 0, 0, 250);
    await writeFile(file, 'first');
    expect(await keepAside(file, at)).toBe(`${file}.corrupt-2025-06-01T12-00-00-250Z`);
    await writeFile(file, 'second');
    expect(keepAsideSync(file, at)).toBe(`${file}.corrupt-2025-06-01T12-00-00-250Z-1`);
    expect(await readFile(`${file}.corrupt-2025-06-01T12-00-00-250Z`, 'utf8')).toBe('first');
    expect(await readFile(`${file}.corrupt-2025-06-01T12-00-00-250Z-1`, 'utf8')).toBe('second');
    expect((await readdir(dir)).includes('vault.json')).toBe(false);
  });

  it('fails as STORAGE_WRITE_FAILED when the file cannot be moved', async () => {
    const error = await keepAside(join(dir, 'missing.json')).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('STORAGE_WRITE_FAILED');
  });
});
