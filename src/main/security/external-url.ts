/**
 * shell.openExternal hands a URL to the operating system, which will run whatever handler it has
 * for the scheme. Only the authorization pages of configured providers may be opened: https, or
 * plain http on loopback when that exact origin is configured (the local sandbox).
 */
export function isAllowedExternalUrl(candidate: string, allowedOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return false;
  return allowedOrigins.includes(url.origin);
}
