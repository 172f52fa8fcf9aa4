import { z } from 'zod';
import { SCOPE_TOKEN } from '../providers/provider-schema';

/**
 * A connection kit (`.posconnect`): what a support technician prepares once so that a shop manager
 * only picks the vendor and signs in. JSON with a format name and a version; every object is strict,
 * so a field the app does not know is refused and named rather than silently dropped. Client secrets
 * travel only inside `secrets`, encrypted with a passphrase given separately (src/main/kits/kit-crypto.ts).
 */

import { KIT_FORMAT, KIT_VERSION, MAX_KIT_APPS, MAX_KIT_BYTES } from './kit-types';

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
  /** This app's client secret is in `secrets` (covered by the secrets' associated data). */
  secretIncluded: z.literal(true).optional(),
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
