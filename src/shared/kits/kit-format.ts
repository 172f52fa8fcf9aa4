import { z } from 'zod';
import { SCOPE_TOKEN } from '../providers/provider-schema';

/**
 * A connection kit (`.posconnect`): what a support technician prepares once so that a shop manager
 * only picks the vendor and signs in. JSON with a format name and a version; every object is strict,
 * so a field the app does not know is refused and named rather than silently dropped. Client secrets
 * travel only inside `secrets`, encrypted with a passphrase given separately (src/main/kits/kit-crypto.ts).
 */

export const KIT_FORMAT = 'pos-connect-kit';
export const KIT_VERSION = 1;
export const KIT_EXTENSION = '.posconnect';
/** A kit is a few apps and definitions; anything bigger is not one (and is not parsed). */
export const MAX_KIT_BYTES = 512 * 1024;
export const MAX_KIT_APPS = 100;

const id = z.string().min(1).max(100);
const base64 = z
  .string()
  .max(MAX_KIT_BYTES)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64.');

/** One provider app as a kit carries it: never its secret (that is in `secrets`, under `ref`). */
export const kitAppSchema = z.strictObject({
  /** Names the app inside this kit, so its encrypted secret can be found. */
  ref: id,
  providerId: id,
  label: z.string().min(1).max(200),
  clientId: z.string().min(1).max(500),
  redirectPort: z.number().int().min(1024).max(65535).optional(),
  /** App-level parameters (tenant URIs, audience); never secrets. */
  params: z.record(z.string().max(64), z.string().max(2000)).default({}),
  /** The scopes the technician chose for this app's connections. */
  scopes: z.array(z.string().max(200).regex(SCOPE_TOKEN, 'Not an RFC 6749 scope token.')).max(100).optional(),
});

/** The key-derivation parameters a kit may carry: bounded, so a file cannot make the app spin. */
export const kitKdfSchema = z.strictObject({
  name: z.literal('scrypt'),
  /** log2 of scrypt's N (cost). */
  logN: z.number().int().min(14).max(20),
  r: z.number().int().min(8).max(16),
  p: z.number().int().min(1).max(4),
  salt: base64.min(22),
});

export const kitSecretsSchema = z.strictObject({
  kdf: kitKdfSchema,
  cipher: z.literal('aes-256-gcm'),
  /** HMAC of a fixed text under a second derived key: tells a wrong passphrase from a tampered file. */
  check: base64.min(43),
  iv: base64.min(16),
  tag: base64.min(22),
  data: base64,
});

export const kitSchema = z
  .strictObject({
    format: z.literal(KIT_FORMAT),
    version: z.literal(KIT_VERSION),
    createdAt: z.string().max(40),
    /** Who made it ("Acme POS support"), shown to the manager before anything is added. */
    createdBy: z.string().max(200).optional(),
    note: z.string().max(2000).optional(),
    customProviders: z.array(z.unknown()).max(50).default([]),
    apps: z.array(kitAppSchema).max(MAX_KIT_APPS).default([]),
    secrets: kitSecretsSchema.optional(),
  })
  .superRefine((kit, ctx) => {
    const refs = new Set<string>();
    kit.apps.forEach((app, index) => {
      if (refs.has(app.ref))
        ctx.addIssue({ code: 'custom', path: ['apps', index, 'ref'], message: 'appears twice in this kit' });
      refs.add(app.ref);
    });
  });

export type Kit = z.infer<typeof kitSchema>;
export type KitApp = z.infer<typeof kitAppSchema>;
export type KitSecrets = z.infer<typeof kitSecretsSchema>;

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
