import { AppError, type AppErrorData } from '../../shared/errors';
import { KEYCHAIN_UNAVAILABLE_MESSAGE } from '../vault/keychain';
import type { VaultKey } from '../vault/vault-format';
import type { StorageDatabase } from './database';
import { macKeyOf, macMatches, rowMac, type MacTable } from './record-mac';
import type { KeychainKey } from './vault-key';

/**
 * The integrity of pos-connect.db beyond its secrets, with the one vault key:
 *
 * - Record MACs (record-mac.ts): the record store asks `macFor` on every write of a row that decides
 *   where secrets go, and `verify` runs its check once per session, as soon as the key is known
 *   (at open when the keychain answers; else before the first secret is handed out). Records are
 *   read from the file once, at open, then only from memory, which changes only through signed
 *   writes: a request that uses a record uses a checked one, and an edit of the file while the app
 *   runs is not seen until the next start, which checks it. (A quit while a generation write is in
 *   flight is the crash case below.)
 * - The vault generation: a number in `meta`, MACed, incremented in the same transaction as every
 *   write of secret rows, and kept beside the key in the keychain entry (vault-key.ts). A database
 *   whose generation is below the keychain's is an older copy: its refresh tokens may have been
 *   spent since. It is reported, nothing is deleted.
 *
 * The order of the two writes, and why. Each secret write commits the database first (secret row
 * and generation n+1 in one fsynced transaction), then writes n+1 to the keychain. A crash between
 * the two leaves the keychain one step behind the database: the next load sees the database ahead,
 * which is what a crash looks like and never what a restored copy looks like (a copy is behind),
 * so no false alarm; that load writes the database's generation to the keychain (the one extra
 * keychain call, only after such a crash), so a copy restored later is still caught. The other
 * order (keychain first) would make every crash between the two writes look like a rollback.
 * What this order cannot catch is a copy restored after a crash and before the next start, that
 * is exactly one write older than the crashed database; the keychain never learnt of that write.
 *
 * Keychain writes are coalesced, never awaited by the secret write: one is in flight at most, and
 * the next carries the latest generation. Writes spread in time (the usual refresh) cost one
 * keychain write each; a burst (a storm of refreshes) costs far fewer (README, Storage). While a
 * keychain write is in flight the keychain trails by the writes it has not carried yet: a copy
 * restored within that window (milliseconds) would be missed, never falsely reported.
 */

export const GENERATION_META_KEY = 'vault_generation';

export interface VerifyContext {
  /** Sign every row as it is (a database from before integrity, or a key that was just made). */
  adopt: boolean;
  /**
   * Why the database is taken for an older copy, if it is: the record store reports it with the
   * other startup problems and notes it in every connection's history.
   */
  rolledBack: string | undefined;
  mac(table: MacTable, id: string, binding: string): string;
  now: number;
}

/** The record store's check of its rows, inside the verification's transaction: how many failed. */
export type RecordVerifier = (context: VerifyContext) => number;

interface StoredGeneration {
  generation: number;
  mac: string;
}

function readGeneration(database: StorageDatabase): StoredGeneration | 'unreadable' | undefined {
  const row = database.db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(GENERATION_META_KEY);
  if (!row) return undefined;
  try {
    const parsed = JSON.parse(row.value) as Partial<StoredGeneration>;
    if (Number.isSafeInteger(parsed.generation) && typeof parsed.mac === 'string')
      return { generation: parsed.generation as number, mac: parsed.mac };
  } catch {
    // not JSON: like a value that fails its MAC
  }
  return 'unreadable';
}

export function rollbackProblem(detail: string): AppErrorData {
  return {
    code: 'VAULT_ROLLBACK',
    message:
      'An older copy of POS Connect’s data was restored: the sign-ins it holds may already have been used up. Reconnect the connections that fail. Nothing was deleted.',
    detail,
  };
}

export class StorageIntegrity {
  private key: VaultKey | undefined;
  private macKey: Buffer | undefined;
  /** The keychain said it holds no key: rows written until one is made are signed when it is. */
  private keyAbsent = false;
  /** Whether the database carries a generation (signed at least once). */
  private adopted: boolean;
  private generation = 0;
  private verifier: RecordVerifier | undefined;
  private syncTarget = 0;
  private syncing: Promise<void> | undefined;
  private gaveUp = false;
  /** Keychain writes made for the generation (benchmarks and tests). */
  keychainWrites = 0;

  constructor(
    private readonly database: StorageDatabase,
    private readonly keychainKey: KeychainKey,
    private readonly options: { now: () => number },
  ) {
    this.adopted = readGeneration(database) !== undefined;
  }

  setVerifier(verifier: RecordVerifier): void {
    this.verifier = verifier;
  }

  /** The keychain answered that it holds no key. */
  noteKeyAbsent(): void {
    if (!this.macKey) this.keyAbsent = true;
  }

  hasKey(): boolean {
    return this.macKey !== undefined;
  }

  /**
   * The MAC to store with a row. A binding that did not change keeps its MAC (a state change needs
   * no key); a new one needs the key, except before the database is first signed (then it is
   * signed with the rest when the key comes). Otherwise the keychain is unavailable: refused, so
   * nothing is written that the next load would take for tampering.
   */
  macFor(
    table: MacTable,
    id: string,
    binding: string,
    previous?: { binding: string; mac: string | null },
  ): string | null {
    if (previous && previous.binding === binding) return previous.mac;
    if (this.macKey) return rowMac(this.macKey, table, id, binding);
    if (!this.adopted || this.keyAbsent) return null;
    throw new AppError({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: KEYCHAIN_UNAVAILABLE_MESSAGE,
      detail: `${table} ${id}: an address change needs the vault key, and the keychain has not given it`,
    });
  }

  /**
   * The key is known (read at open, read later, or just made): check the generation and every
   * record, once per session, before the key is used for anything else. Returns how many records
   * failed their check (0 when the check had already run).
   */
  useKey(key: VaultKey, options: { created: boolean }): number {
    if (this.macKey) return 0;
    this.key = key;
    const macKey = macKeyOf(key);
    this.macKey = macKey;
    this.keyAbsent = false;
    const mac = (table: MacTable, id: string, binding: string) => rowMac(macKey, table, id, binding);
    const generationMac = (n: number) => mac('meta', GENERATION_META_KEY, String(n));

    const keychainGeneration = options.created ? 0 : this.keychainKey.storedGeneration();
    const stored = readGeneration(this.database);
    let adopt = false;
    let rollback: string | undefined;
    let generation: number;
    if (options.created) {
      // A new key: nothing signed under the lost one can be checked; everything is signed anew.
      adopt = true;
      generation = 0;
    } else if (stored === undefined) {
      if (keychainGeneration === undefined || keychainGeneration === 0) {
        adopt = true; // a database (and a keychain entry) from before the generation
        generation = keychainGeneration ?? 0;
      } else {
        rollback = `the database has no generation, the keychain holds ${keychainGeneration}: a copy from before this version`;
        generation = keychainGeneration;
      }
    } else if (stored === 'unreadable' || !macMatches(stored.mac, generationMac(stored.generation))) {
      rollback = 'the database’s generation failed its check';
      generation = keychainGeneration ?? 0;
    } else if (keychainGeneration !== undefined && stored.generation < keychainGeneration) {
      rollback = `database generation ${stored.generation} is older than the keychain’s ${keychainGeneration}`;
      generation = keychainGeneration;
    } else {
      generation = stored.generation;
    }

    const failed = this.database.durably(() => {
      const count = this.verifier?.({ adopt, rolledBack: rollback, mac, now: this.options.now() }) ?? 0;
      this.writeGeneration(generation);
      return count;
    });
    this.adopted = true;
    this.generation = generation;
    // The keychain behind the database (an entry of the earlier format, or a crash between the
    // two writes): bring it level, so a copy restored from now on is caught.
    if (!options.created && (keychainGeneration ?? 0) < generation) this.syncKeychain(generation);
    return failed;
  }

  /**
   * Inside the transaction that writes secret rows: the next generation, written to `meta`. Read
   * from the database too (the transaction holds its write lock): another session on the same
   * file (a second process) may have moved it on, and the generation must never go back.
   */
  nextGeneration(): number {
    const stored = readGeneration(this.database);
    const current =
      typeof stored === 'object' ? Math.max(stored.generation, this.generation) : this.generation;
    const next = current + 1;
    this.writeGeneration(next);
    return next;
  }

  /** After that transaction's commit: memory follows, the keychain follows (coalesced). */
  committed(generation: number): void {
    this.generation = generation;
    this.syncKeychain(generation);
  }

  currentGeneration(): number {
    return this.generation;
  }

  /** Resolves when the keychain holds the latest generation (or gave up: unavailable). */
  async settled(): Promise<void> {
    while (this.syncing) await this.syncing;
  }

  private writeGeneration(generation: number): void {
    if (!this.macKey) throw new Error('the vault generation is written with the key known');
    const value: StoredGeneration = {
      generation,
      mac: rowMac(this.macKey, 'meta', GENERATION_META_KEY, String(generation)),
    };
    this.database.db
      .prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
      .run(GENERATION_META_KEY, JSON.stringify(value));
  }

  private syncKeychain(generation: number): void {
    this.syncTarget = Math.max(this.syncTarget, generation);
    this.gaveUp = false;
    if (this.syncing) return;
    this.syncing = this.pump().finally(() => {
      this.syncing = undefined;
      // A request that came after the last write started but before this ran.
      if (this.key && (this.keychainKey.storedGeneration() ?? -1) < this.syncTarget && !this.gaveUp)
        this.syncKeychain(this.syncTarget);
    });
  }

  private async pump(): Promise<void> {
    const key = this.key;
    if (!key) return;
    while ((this.keychainKey.storedGeneration() ?? -1) < this.syncTarget) {
      const target = this.syncTarget;
      try {
        await this.keychainKey.writeGeneration(key, target);
        this.keychainWrites += 1;
      } catch {
        // Unavailable (reported through the keychain status): the keychain stays behind, which is
        // never a false alarm; the next secret write tries again.
        this.gaveUp = true;
        return;
      }
    }
  }
}
