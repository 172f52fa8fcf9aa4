import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Keychain } from '../../src/main/vault/keychain';

/**
 * TEST DOUBLE — not a keychain. Keeps keychain entries in a clear-text JSON file so that a child
 * process killed with SIGKILL finds the same vault key when it is started again (the crash test),
 * without touching the OS keychain. Writes are atomic (temporary file, then rename). Never use it
 * outside tests: the vault key sits next to the vault in clear text.
 */
export class FileKeychain implements Keychain {
  constructor(private readonly filePath: string) {}

  async get(service: string, account: string): Promise<string | null> {
    return this.read()[FileKeychain.keyOf(service, account)] ?? null;
  }

  async set(service: string, account: string, value: string): Promise<void> {
    const entries = this.read();
    entries[FileKeychain.keyOf(service, account)] = value;
    this.write(entries);
  }

  async delete(service: string, account: string): Promise<boolean> {
    const entries = this.read();
    const key = FileKeychain.keyOf(service, account);
    if (!Object.hasOwn(entries, key)) return false;
    delete entries[key];
    this.write(entries);
    return true;
  }

  private static keyOf(service: string, account: string): string {
    return JSON.stringify([service, account]);
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.filePath, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return {};
      throw error;
    }
    return JSON.parse(text) as Record<string, string>;
  }

  private write(entries: Record<string, string>): void {
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries), { mode: 0o600 });
    renameSync(temporary, this.filePath);
  }
}
