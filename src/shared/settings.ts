import { z } from 'zod';
import { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_WARNING_HOURS } from './settings-bounds';

/**
 * The one definition of the settings: their shape and bounds. The store validates the file with it,
 * the IPC contract derives the renderer's patch from it, and the settings screen shows its bounds.
 */

export { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_WARNING_HOURS } from './settings-bounds';

const endpointOverride = z.strictObject({
  authorization: z.string().url().max(2000).optional(),
  token: z.string().url().max(2000).optional(),
  revocation: z.string().url().max(2000).optional(),
  apiBase: z.string().url().max(2000).optional(),
});

export const settingsSchema = z.strictObject({
  language: z.enum(['en', 'fr']),
  theme: z.enum(['system', 'light', 'dark']),
  refreshLeadSeconds: z.number().int().min(REFRESH_LEAD_SECONDS.min).max(REFRESH_LEAD_SECONDS.max),
  refreshTokenWarningHours: z
    .number()
    .int()
    .min(REFRESH_TOKEN_WARNING_HOURS.min)
    .max(REFRESH_TOKEN_WARNING_HOURS.max),
  notifications: z.boolean(),
  /** Closing the window keeps the app in the tray / menu bar while connections are kept alive. */
  runInBackground: z.boolean(),
  /** `auto`: open at login once a connection needs keeping alive. */
  openAtLogin: z.enum(['auto', 'on', 'off']),
  /** Per provider ID, a staging environment's URLs. */
  endpointOverrides: z.record(z.string().max(100), endpointOverride),
});

export type Settings = z.infer<typeof settingsSchema>;
export type EndpointOverride = z.infer<typeof endpointOverride>;

/** What the renderer may change in one call. */
export const settingsPatchSchema = settingsSchema.partial().strict();
