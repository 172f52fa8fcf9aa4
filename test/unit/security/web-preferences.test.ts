import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../src/main/security/web-preferences';
import { RENDERER_CSP } from '../../../src/main/security/csp';

describe('window security defaults', () => {
  it('keeps the renderer isolated and sandboxed, without Node', () => {
    const prefs = secureWebPreferences('/app/preload.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      devTools: false,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
  });

  it('has a CSP that allows no remote code, no eval and no framing', () => {
    const directives = Object.fromEntries(
      RENDERER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-(inline|eval)|\*|https?:/);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });

  it('names every fetch, navigation and plugin directive, so none falls back to a looser default', () => {
    const directives = Object.fromEntries(
      RENDERER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    // Only the app's own styles, images (and data: icons), fonts and bridge; nothing remote.
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['font-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    // base-uri, form-action and frame-ancestors do not fall back to default-src: each must say 'none'.
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(RENDERER_CSP.split('; ')).not.toContain('');
  });
});
