import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../../../src/shared/json-text';
import { kitAssociatedData, parseKit, serialiseKit } from '../../../src/main/kits/kit-file';
import type { AppErrorData } from '../../../src/shared/errors';
import type { Kit } from '../../../src/shared/kits/kit-format';
import { KIT_FORMAT, MAX_KIT_BYTES } from '../../../src/shared/kits/kit-types';

/** The .posconnect text: what is refused, and how precisely the refusal says where. */

const kit = (over: Record<string, unknown> = {}) => ({
  format: KIT_FORMAT,
  version: 1,
  createdAt: '2026-11-27T10:00:00.000Z',
  apps: [
    {
      ref: 'app-1',
      providerId: 'taptouch',
      label: 'Taptouch (shop)',
      clientId: 'tt-client',
      redirectPort: 47813,
      params: {},
    },
  ],
  ...over,
});

function refusal(text: string): AppErrorData {
  try {
    parseKit(text);
  } catch (error) {
    return error as AppErrorData;
  }
  throw new Error('the kit was accepted');
}

describe('reading a kit', () => {
  it('reads a kit and fills the defaults (no custom providers, no params)', () => {
    const parsed = parseKit(
      JSON.stringify(kit({ apps: [{ ref: 'a', providerId: 'sumup', label: 'S', clientId: 'c' }] })),
    );
    expect(parsed.customProviders).toEqual([]);
    expect(parsed.apps[0]!.params).toEqual({});
  });

  it('a JSON syntax error names the line and the column', () => {
    const text = '{\n  "format": "pos-connect-kit",\n  "version": 1,\n  "apps": [}\n}';
    const error = refusal(text);
    expect(error.code).toBe('KIT_INVALID');
    expect(error.params).toMatchObject({ line: 4, column: 12 });
    expect(error.message).toMatch(/^This file is not valid JSON: line 4, column 12 \(/);
  });

  it('an unknown field is refused and named with its path, never its value', () => {
    const apps = [
      { ref: 'a', providerId: 'sumup', label: 'S', clientId: 'c', client_secret: 'pasted-secret-value' },
    ];
    const error = refusal(JSON.stringify(kit({ apps })));
    expect(error).toMatchObject({ code: 'KIT_INVALID', params: { field: 'apps.0.client_secret' } });
    expect(error.message).toBe('"apps.0.client_secret" is not a field of a connection kit.');
    expect(JSON.stringify(error)).not.toContain('pasted-secret-value');
    expect(refusal(JSON.stringify(kit({ extra: 1 }))).params).toEqual({ field: 'extra' });
  });

  it('a custom provider is held to the strict provider schema, its field named', () => {
    const error = refusal(
      JSON.stringify(kit({ customProviders: [{ id: 'acme', name: 'Acme', surprise: true }] })),
    );
    expect(error.code).toBe('KIT_INVALID');
    expect(error.params?.field).toMatch(/^customProviders\.0\./);
  });

  it('refuses what is not a kit, a newer version, a wrong type and a duplicate ref, each said plainly', () => {
    expect(refusal('{"client_id":"x"}').message).toBe('This file is not a POS Connect connection kit.');
    expect(refusal('[1,2]').message).toBe('This file is not a POS Connect connection kit.');
    expect(refusal(JSON.stringify(kit({ version: 2 }))).message).toMatch(
      /newer POS Connect \(kit version 2\)/,
    );
    expect(
      refusal(
        JSON.stringify(
          kit({ apps: [{ ref: 'a', providerId: 'x', label: 'L', clientId: 'c', redirectPort: 80 }] }),
        ),
      ).params,
    ).toEqual({
      field: 'apps.0.redirectPort',
    });
    const twice = { ref: 'a', providerId: 'sumup', label: 'L', clientId: 'c' };
    expect(refusal(JSON.stringify(kit({ apps: [twice, twice] }))).params).toEqual({ field: 'apps.1.ref' });
  });

  it('refuses a file over the size cap before parsing it', () => {
    const big = JSON.stringify(kit({ note: 'x'.repeat(MAX_KIT_BYTES) }));
    expect(refusal(big).message).toMatch(/a connection kit is at most 512 KiB/);
  });

  it('writes readable JSON that reads back the same', () => {
    const parsed = parseKit(JSON.stringify(kit()));
    expect(parseKit(serialiseKit(parsed))).toEqual(parsed);
    expect(serialiseKit(parsed)).toContain('\n  "format": "pos-connect-kit"');
  });

  it('the associated data covers everything but the secrets, whatever the key order', () => {
    const parsed = parseKit(JSON.stringify(kit()));
    const reordered: Kit = { ...parsed, apps: [{ ...parsed.apps[0]!, params: {} }], secrets: undefined };
    expect(kitAssociatedData(reordered)).toBe(kitAssociatedData(parsed));
    const edited = { ...parsed, apps: [{ ...parsed.apps[0]!, clientId: 'attacker-client' }] };
    expect(kitAssociatedData(edited)).not.toBe(kitAssociatedData(parsed));
  });
});

describe('where JSON stops being JSON', () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['{\n"a": "x\n"}', 2, 8],
    ['[1, 2', 1, 6],
    ['{"a": tru}', 1, 10],
    ['{"a": 1} x', 1, 10],
    ['', 1, 1],
    ['{"a": 01}', 1, 8],
  ])('%j → line %i, column %i', (text, line, column) => {
    expect(locateJsonSyntaxError(text)).toMatchObject({ line, column });
  });

  it('finds nothing wrong in valid JSON, escapes and a byte-order mark included', () => {
    expect(
      locateJsonSyntaxError('\ufeff{"a": ["\\u00e9\\n", -1.5e3, true, false, null, {}]}'),
    ).toBeUndefined();
  });
});
