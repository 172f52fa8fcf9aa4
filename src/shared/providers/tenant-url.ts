const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * What is wrong with a tenant address, checked as its hint says: a host name (main makes it
 * https://host) or an https:// address without query or credentials; plain http only for this
 * computer (127.0.0.1, localhost) and only in sandbox mode, as main accepts it.
 */
export function tenantUrlProblem(value: string, sandbox: boolean): 'url' | 'https' | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const [host = '', ...path] = value.split('/');
    return HOST.test(host) && !/[\s?#]/.test(path.join('/')) ? undefined : 'url';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url';
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return 'url';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && sandbox && LOOPBACK.has(url.hostname)) return undefined;
  return 'https';
}
