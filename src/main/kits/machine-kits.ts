import { posix, win32 } from 'node:path';

/**
 * Where IT leaves kits for every user of a computer, read at each start (each kit imported once):
 * the per-OS folder for data shared by all users, writable by administrators only.
 */
export function machineKitsDir(platform: string, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return win32.join(env.ProgramData || 'C:\\ProgramData', 'POS Connect', 'kits');
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', 'POS Connect', 'kits');
  return posix.join('/etc', 'pos-connect', 'kits');
}
