/**
 * The renderer's Content-Security-Policy: only the app's own scripts and styles, no eval, no remote
 * content, no framing, no forms posting anywhere. Sent as a response header by the Electron window
 * by the app:// handler and by the test bridge, and repeated in index.html's meta tag.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
