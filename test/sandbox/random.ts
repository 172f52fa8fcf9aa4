import { randomBytes } from 'node:crypto';

/**
 * Unguessable values for codes and opaque tokens. The prefix names the kind (sbx_at_, sbx_rt_, …)
 * so a leaked value found in a log says at once what leaked.
 */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
