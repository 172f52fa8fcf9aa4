import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Kit } from '../../shared/kits/kit-format';
import {
  KIT_EXTENSION,
  MAX_KIT_BYTES,
  type KitExportChoice,
  type KitImportResult,
  type KitPreview,
} from '../../shared/kits/kit-types';
import type { ProviderApps } from '../apps/provider-apps';
import type { Logger } from '../logging/logger';
import type { Clock, KitLedger, MetadataStore, SecretStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { SecretRegistry } from '../security/redact';
import { decryptKitSecrets } from './kit-crypto';
import { exportKit } from './kit-export';
import { kitAssociatedData, kitHash, parseKit } from './kit-file';
import { planKit } from './kit-plan';

/**
 * Connection kits, main side: preview a kit (what it adds, what is already there, whether a
 * passphrase is needed; kit-plan.ts), import it (client secrets straight into the vault), pick up
 * the machine-wide folder at start, and export (kit-export.ts). The kit's text stays here between preview
 * and import: the renderer holds a kit ID, a preview without secrets, and at most the passphrase it
 * sends once.
 */

export interface KitServiceDeps {
  store: MetadataStore;
  vault: SecretStore;
  providers: ProviderRegistry;
  apps: ProviderApps;
  secrets: SecretRegistry;
  logger: Logger;
  now: Clock;
  ledger: KitLedger;
  /** Told when a kit was opened from outside the window (File > Open, the OS, the machine folder). */
  onOpened: (preview: KitPreview) => void;
}

interface Pending {
  text: string;
  fileName?: string;
  /** Opened from outside the window and not yet imported or dismissed. */
  external: boolean;
  /** From the machine-wide folder: recorded in the ledger once imported. */
  machine: boolean;
}

/** Kits opened and not yet imported, at most this many (oldest dropped). */
const MAX_PENDING = 20;

export class KitService {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: KitServiceDeps) {}

  export(choice: KitExportChoice): Promise<{ fileName: string; content: string }> {
    return exportKit(choice, this.deps);
  }

  /** A kit's text from the window (drag and drop, the file picker): what importing it will do. */
  preview(text: string, fileName?: string): KitPreview {
    return this.remember(text, { ...(fileName ? { fileName } : {}), external: false, machine: false });
  }

  /** Kits opened from outside the window and not yet imported (the window asks at start). */
  opened(): KitPreview[] {
    return [...this.pending]
      .filter(([, entry]) => entry.external)
      .map(([kitId, entry]) => this.describe(kitId, parseKit(entry.text), entry.fileName));
  }

  dismiss(kitId: string): void {
    this.pending.delete(kitId);
  }

  /** File > Open, a double-click on a .posconnect, a second instance given one. */
  async openFile(path: string): Promise<KitPreview> {
    const text = await readKitFile(path);
    const preview = this.remember(text, { fileName: basename(path), external: true, machine: false });
    this.deps.onOpened(preview);
    return preview;
  }

  async import(kitId: string, passphrase?: string): Promise<KitImportResult> {
    const entry = this.pending.get(kitId);
    if (!entry)
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'Open the kit again: it is no longer open in POS Connect.',
        detail: `kit ${kitId.slice(0, 12)}`,
      });
    const result = await this.importText(entry.text, passphrase);
    this.pending.delete(kitId);
    if (entry.machine) await this.deps.ledger.add(kitId, entry.fileName ?? '');
    this.deps.logger.info('connection kit imported', {
      kit: kitId.slice(0, 12),
      apps: result.addedApps.length,
      providers: result.addedProviders.length,
      skipped: result.skipped.length,
      secrets: result.secretsStored,
    });
    return result;
  }

  /**
   * The machine-wide folder, at start: a kit without secrets is imported at once; one with secrets
   * waits in the window for its passphrase. Each is handled once, by content hash. A missing folder
   * is the common case and says nothing; a bad kit is logged and left for IT.
   */
  async importMachineKits(
    dir: string,
  ): Promise<{ imported: string[]; waiting: string[]; refused: string[] }> {
    const out = { imported: [] as string[], waiting: [] as string[], refused: [] as string[] };
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => extname(name).toLowerCase() === KIT_EXTENSION).sort();
    } catch {
      return out;
    }
    for (const name of names) {
      try {
        const text = await readKitFile(join(dir, name));
        const kitId = kitHash(text);
        if (await this.deps.ledger.has(kitId)) continue;
        const kit = parseKit(text);
        if (kit.secrets) {
          const preview = this.remember(text, { fileName: name, external: true, machine: true });
          this.deps.onOpened(preview);
          out.waiting.push(name);
          continue;
        }
        await this.importText(text, undefined);
        await this.deps.ledger.add(kitId, name);
        out.imported.push(name);
      } catch (error) {
        out.refused.push(name);
        this.deps.logger.warn('machine-wide kit not imported', {
          file: name,
          code: (error as { code?: string }).code ?? 'INTERNAL',
          detail: (error as { detail?: string }).detail ?? '',
        });
      }
    }
    if (out.imported.length + out.waiting.length + out.refused.length > 0)
      this.deps.logger.info('machine-wide kits', { dir, ...out });
    return out;
  }

  private remember(text: string, entry: Omit<Pending, 'text'>): KitPreview {
    const kit = parseKit(text);
    const kitId = kitHash(text);
    const previous = this.pending.get(kitId);
    this.pending.delete(kitId);
    this.pending.set(kitId, {
      text,
      ...entry,
      external: entry.external || (previous?.external ?? false),
      machine: entry.machine || (previous?.machine ?? false),
    });
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    return this.describe(kitId, kit, entry.fileName);
  }

  private async importText(text: string, passphrase: string | undefined): Promise<KitImportResult> {
    const kit = parseKit(text);
    const plan = planKit(kit, this.deps);
    const secrets = kit.secrets
      ? await decryptKitSecrets(kit.secrets, passphrase, kitAssociatedData(kit))
      : {};
    this.deps.secrets.add(...Object.values(secrets));

    const result: KitImportResult = { addedApps: [], addedProviders: [], skipped: [], secretsStored: 0 };
    // All or nothing: an app the vendor's rules refuse (a plain-http tenant URI outside the
    // sandbox) takes back what this import had added before it.
    const added = { apps: [] as string[], providers: [] as string[] };
    try {
      for (const [index, provider] of plan.providers.entries()) {
        if (provider.outcome !== 'add') {
          result.skipped.push(provider.name);
          continue;
        }
        const saved = this.deps.providers.saveCustom(kit.customProviders[index]);
        if (!saved.saved)
          throw new AppError({
            code: 'KIT_INVALID',
            message: `The provider "${provider.name}" in this kit was refused: ${saved.problems[0]?.message ?? ''}`,
            detail: `custom provider ${provider.id}: ${saved.problems.map((p) => p.field).join(', ')}`,
          });
        added.providers.push(provider.id);
        result.addedProviders.push(provider.name);
      }
      for (const [index, app] of kit.apps.entries()) {
        const outcome = plan.apps[index]!;
        if (outcome.outcome !== 'add') {
          result.skipped.push(app.label);
          continue;
        }
        const clientSecret = secrets[app.ref];
        const saved = await this.deps.apps.save({
          providerId: app.providerId,
          label: app.label,
          clientId: app.clientId,
          ...(clientSecret !== undefined ? { clientSecret } : {}),
          ...(app.redirectPort !== undefined ? { redirectPort: app.redirectPort } : {}),
          params: app.params,
          ...(app.scopes ? { suggestedScopes: app.scopes } : {}),
        });
        added.apps.push(saved.id);
        result.addedApps.push(app.label);
        if (clientSecret !== undefined) result.secretsStored++;
      }
    } catch (error) {
      await this.takeBack(added);
      throw error;
    }
    return result;
  }

  private async takeBack(added: { apps: string[]; providers: string[] }): Promise<void> {
    for (const appId of added.apps.reverse()) {
      await this.deps.apps.delete(appId).catch((error: unknown) =>
        this.deps.logger.warn('kit import: an added app could not be taken back', {
          code: (error as { code?: string }).code ?? 'INTERNAL',
        }),
      );
    }
    for (const providerId of added.providers.reverse()) {
      try {
        this.deps.providers.deleteCustom(providerId);
      } catch (error) {
        this.deps.logger.warn('kit import: an added provider could not be taken back', {
          code: (error as { code?: string }).code ?? 'INTERNAL',
        });
      }
    }
  }

  private describe(kitId: string, kit: Kit, fileName: string | undefined): KitPreview {
    const plan = planKit(kit, this.deps);
    return {
      kitId,
      ...(fileName ? { fileName } : {}),
      createdAt: kit.createdAt,
      ...(kit.createdBy ? { createdBy: kit.createdBy } : {}),
      ...(kit.note ? { note: kit.note } : {}),
      needsPassphrase: kit.secrets !== undefined,
      apps: plan.apps,
      customProviders: plan.providers,
    };
  }
}

async function readKitFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile())
    throw new AppError({
      code: 'NOT_FOUND',
      message: 'This kit file cannot be found.',
      detail: 'kit file missing',
    });
  if (info.size > MAX_KIT_BYTES)
    throw new AppError({
      code: 'KIT_INVALID',
      message: `This file is ${Math.ceil(info.size / 1024)} KiB; a connection kit is at most ${MAX_KIT_BYTES / 1024} KiB.`,
      detail: `kit of ${info.size} bytes`,
    });
  return readFile(path, 'utf8');
}
