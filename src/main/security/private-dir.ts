import { chmodSync, mkdirSync } from 'node:fs';

/** Owner only: the data folder and the logs hold metadata and history a stranger has no use for. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates the folder (and its parents) if needed and makes it owner-only, also when it already
 * existed with a wider mode (an older version created it 0755). On Windows the mode bits mean
 * nothing; the profile folder's ACLs already keep other users out.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (process.platform !== 'win32') chmodSync(path, PRIVATE_DIR_MODE);
}
