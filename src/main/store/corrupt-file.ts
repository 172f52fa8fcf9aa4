import { basename } from 'node:path';
import type { AppErrorData } from '../../shared/errors';
import { keepAsideSync } from '../vault/atomic-file';

/**
 * A settings file that cannot be used is moved aside (config.json.corrupt-<timestamp>, every byte
 * kept) and reported as SETTINGS_CORRUPT, never silently replaced. The report names the kept file
 * and what was wrong (field paths, never values).
 */
export function keepSettingsAside(filePath: string, reason: string, now: number): AppErrorData {
  const keptAt = keepAsideSync(filePath, now);
  const file = basename(keptAt);
  return {
    code: 'SETTINGS_CORRUPT',
    message:
      'POS Connect could not read its settings and list of connections, so it set the damaged file aside and started with default settings and no connections. Nothing was deleted: support can restore the file that was set aside.',
    detail: `${reason}; kept aside as ${file}`,
    params: { file },
  };
}
