import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * File helpers shared by the vault and the settings store: an atomic replace (temporary file in
 * the same directory, fsync, rename, fsync of the directory) and "keep a bad file aside" (rename
 * to <name>.corrupt-<timestamp>, never delete, never overwrite).
 */

export interface AtomicWriteOptions {
  /** File mode of the new file; 0o600 by default (owner only). */
  mode?: number;
}

function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}

/**
 * Replaces `filePath` with `data` so that a reader (or a crash) sees either the old file or the
 * new one, never a mix: write a temporary file next to it, fsync it, rename it over the target,
 * then fsync the directory so the rename itself is durable (skipped where the platform cannot,
 * e.g. Windows). Throws AppError STORAGE_WRITE_FAILED; the target is then untouched.
 */
export async function writeFileAtomic(
  filePath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const directory = dirname(filePath);
  const temporary = join(
    directory,
    `.${basename(filePath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const handle = await open(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, filePath);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new AppError(
      {
        code: 'STORAGE_WRITE_FAILED',
        message:
          'POS Connect could not save your changes to disk. Check that the disk is not full, then try again.',
        detail: `atomic write of ${basename(filePath)} failed: ${errnoCode(error)}`,
      },
      { cause: error },
    );
  }
  await syncDirectory(directory);
}

/** fsync a directory so a rename in it survives a power cut; a no-op where unsupported (Windows). */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(directory, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory (EINVAL, EISDIR, EPERM): the data is safe, only
    // the rename's durability is best-effort there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function syncDirectorySync(directory: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(directory, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // best effort, as in syncDirectory
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file's bytes, or undefined when it does not exist. Other failures are thrown as they are. */
export async function readFileIfExists(filePath: string): Promise<Buffer | undefined> {
  try {
    return await readFile(filePath);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export async function fileExists(filePath: string): Promise<boolean> {
  try {
    await stat(filePath);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** A timestamp fit for a file name on every platform (no colons). */
export function fileTimestamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a file that cannot be used out of the way, keeping every byte: `<path>.corrupt-<timestamp>`
 * (with a counter if that name is taken). Returns the new path. Throws AppError STORAGE_WRITE_FAILED
 * if the file cannot be moved, so a caller never goes on to overwrite it.
 */
export async function keepAside(filePath: string, now: number = Date.now()): Promise<string> {
  const base = `${filePath}.corrupt-${fileTimestamp(now)}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    if (await fileExists(target)) continue;
    try {
      await rename(filePath, target);
    } catch (error) {
      throw keepAsideFailed(filePath, errnoCode(error), error);
    }
    await syncDirectory(dirname(filePath));
    return target;
  }
  throw keepAsideFailed(filePath, 'too many kept-aside copies');
}

/**
 * keepAside for the storage, which opens synchronously: same naming, same guarantees. `label`
 * names why the file was moved (`corrupt`, or `migrated` for files of an earlier version).
 */
export function keepAsideSync(filePath: string, now: number = Date.now(), label = 'corrupt'): string {
  const base = `${filePath}.${label}-${fileTimestamp(now)}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    if (existsSync(target)) continue;
    try {
      renameSync(filePath, target);
    } catch (error) {
      throw keepAsideFailed(filePath, errnoCode(error), error);
    }
    syncDirectorySync(dirname(filePath));
    return target;
  }
  throw keepAsideFailed(filePath, 'too many kept-aside copies');
}

function keepAsideFailed(filePath: string, reason: string, cause?: unknown): AppError {
  return new AppError(
    {
      code: 'STORAGE_WRITE_FAILED',
      message:
        'POS Connect found a damaged file and could not move it aside, so it changed nothing. Check the disk and its permissions (or remove old ".corrupt" copies), then restart POS Connect.',
      detail: `moving ${basename(filePath)} aside failed: ${reason}`,
    },
    cause === undefined ? undefined : { cause },
  );
}
