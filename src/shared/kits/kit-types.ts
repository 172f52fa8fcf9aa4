/**
 * The kit's constants and what main and the window exchange about a kit, without the schema (the
 * window bundles no validation library): kit-format.ts holds the file's zod schema.
 */

export const KIT_FORMAT = 'pos-connect-kit';
export const KIT_VERSION = 1;
export const KIT_EXTENSION = '.posconnect';
/** A kit is a few apps and definitions; anything bigger is not one (and is not parsed). */
export const MAX_KIT_BYTES = 512 * 1024;
export const MAX_KIT_APPS = 100;

/** What opening a kit will do, as the renderer shows it before anything is added. No secret. */
export interface KitPreview {
  /** Content hash of the kit's text: names it for kits:import. */
  kitId: string;
  fileName?: string;
  createdAt: string;
  createdBy?: string;
  note?: string;
  /** True when the kit carries client secrets: importing needs the passphrase. */
  needsPassphrase: boolean;
  apps: KitPreviewApp[];
  customProviders: KitPreviewProvider[];
}

export interface KitPreviewApp {
  ref: string;
  providerId: string;
  providerName: string;
  label: string;
  clientId: string;
  redirectUri?: string;
  params: Record<string, string>;
  scopes?: string[];
  /** Whether the kit carries this app's client secret (its value stays in main). */
  hasClientSecret: boolean;
  /**
   * add: new on this computer; same: already set up with the same client ID (left as it is);
   * unknown-provider: the vendor is neither built in nor in this kit (not added);
   * provider-conflict: the kit's definition of its provider differs from the one here (not added:
   * its secret could otherwise reach endpoints it was not issued for).
   */
  outcome: 'add' | 'same' | 'unknown-provider' | 'provider-conflict';
  /** The existing app's label when outcome is "same". */
  existingLabel?: string;
}

export interface KitPreviewProvider {
  id: string;
  name: string;
  /** add: new; same: an identical definition is already there; conflict: another one with that ID is (kept). */
  outcome: 'add' | 'same' | 'conflict';
}

export interface KitImportResult {
  addedApps: string[];
  addedProviders: string[];
  /** Labels of what was already there and left as it was. */
  skipped: string[];
  secretsStored: number;
}

/** What a technician chose to put in a kit. */
export interface KitExportChoice {
  appIds: string[];
  customProviderIds: string[];
  createdBy?: string;
  note?: string;
  /** Per app ID: the scopes to suggest for its connections. */
  scopes?: Record<string, string[]>;
  /** Present only when the technician ticked "include secrets". */
  passphrase?: string;
}
