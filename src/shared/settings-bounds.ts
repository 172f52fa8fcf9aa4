/**
 * The settings' numeric bounds, without zod, so that the window can show them without bundling the
 * schema library. settings.ts builds the schema from them; nothing else defines them.
 */

/** Refresh lead, in seconds. The refresh policy also caps it at half a token's lifetime. */
export const REFRESH_LEAD_SECONDS = { min: 60, max: 3600, default: 300 } as const;
export const REFRESH_TOKEN_WARNING_HOURS = { min: 1, max: 720, default: 24 } as const;
