import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/main/logging/logger';
import { SecretRegistry } from '../../../src/main/security/redact';
import { openStorage } from '../../../src/main/storage';
import { MemoryKeychain } from '../../../src/main/vault/memory-keychain';

/** Issue 10 ("The data folder and logs/ are 0755"): both are owner-only, new or upgraded. */

const mode = (path: string) => statSync(path).mode & 0o777;
const roots: string[] = [];
const root = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-private-'));
  roots.push(dir);
  return dir;
};
afterEach(() => roots.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.skipIf(process.platform === 'win32')('data folder and logs', () => {
  it('a new data folder is created 0700', async () => {
    const dataDir = join(root(), 'POS Connect');
    await openStorage({ dataDir, keychain: new MemoryKeychain(), keychainService: 'test' });
    expect(mode(dataDir)).toBe(0o700);
  });

  it('an existing 0755 data folder (an older version) becomes 0700', async () => {
    const dataDir = join(root(), 'POS Connect');
    mkdirSync(dataDir, { mode: 0o755 });
    expect(mode(dataDir)).toBe(0o755);
    await openStorage({ dataDir, keychain: new MemoryKeychain(), keychainService: 'test' });
    expect(mode(dataDir)).toBe(0o700);
  });

  it('the logs folder is 0700 and the log file 0600', () => {
    const logs = join(root(), 'logs');
    mkdirSync(logs, { mode: 0o755 });
    const logger = createLogger({ secrets: new SecretRegistry(), file: join(logs, 'main.log') });
    logger.info('hello');
    expect(mode(logs)).toBe(0o700);
    expect(mode(join(logs, 'main.log'))).toBe(0o600);
  });
});
