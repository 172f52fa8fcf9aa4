import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { REPORT_MAX_BYTES, REPORT_VERSION, type SupportReport } from '../../../src/shared/report';
import { openReport } from '../../../src/main/diagnostics/open-report';

const minimal: SupportReport = {
  format: 'pos-connect-report',
  version: REPORT_VERSION,
  generatedAt: '2026-11-27T12:00:00.000Z',
  scope: 'all',
  app: {
    name: 'POS Connect',
    version: '0.1.0',
    environment: 'sandbox',
    databaseSchemaVersion: 1,
    language: 'en',
  },
  system: {
    machine: 'shop-pc',
    os: 'Linux',
    platform: 'linux',
    release: '6.1.0',
    arch: 'x64',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    utcOffsetMinutes: 0,
  },
  clockSkew: { skewMs: null, reason: 'No vendor to ask: no provider app is set up.' },
  connections: [],
  attempts: [],
  settings: { refreshLeadSeconds: 300, refreshTokenWarningHours: 24, overriddenProviders: [] },
  redaction: 'removed',
};

function refusal(text: string): AppError {
  try {
    openReport('report.json', text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_REPORT');
    return error as AppError;
  }
  throw new Error('the report was accepted');
}

describe('opening a received report', () => {
  it('accepts what the app writes, and drops fields it does not know', () => {
    const opened = openReport('r.json', JSON.stringify({ ...minimal, extra: 'x' }, null, 2));
    expect(opened.report).toEqual(minimal);
    expect(opened.fileName).toBe('r.json');
  });

  it('a JSON syntax error names its line and column', () => {
    const text = '{\n  "format": "pos-connect-report",\n  "version": 2,,\n}';
    const error = refusal(text);
    expect(error.params).toMatchObject({ reason: 'not_json', line: 3, column: 16 });
    expect(error.message).toContain('line 3, column 16');
  });

  it('a truncated file points at its end', () => {
    const text = JSON.stringify(minimal, null, 2).slice(0, 120);
    const lines = text.split('\n');
    expect(refusal(text).params).toMatchObject({
      reason: 'not_json',
      line: lines.length,
      column: lines.at(-1)!.length + 1,
    });
  });

  it('an unknown version says which one and which this app reads', () => {
    const error = refusal(JSON.stringify({ ...minimal, version: 3 }));
    expect(error.params).toMatchObject({ reason: 'unknown_version', version: '3', known: REPORT_VERSION });
    expect(error.message).toContain('version 3');
  });

  it('a 0.1 report (no version) is named as such', () => {
    const error = refusal(JSON.stringify({ kind: 'POS Connect connection report', generatedAt: 'x' }));
    expect(error.params).toMatchObject({ reason: 'unknown_version', version: '0.1' });
  });

  it('other JSON is not a report; a damaged field is named', () => {
    expect(refusal('[1,2]').params).toMatchObject({ reason: 'not_a_report' });
    expect(refusal('null').params).toMatchObject({ reason: 'not_a_report' });
    const damaged = refusal(
      JSON.stringify({ ...minimal, system: { ...minimal.system, utcOffsetMinutes: 'x' } }),
    );
    expect(damaged.params).toMatchObject({ reason: 'invalid', field: 'system.utcOffsetMinutes' });
  });

  it(`refuses more than ${REPORT_MAX_BYTES} bytes before parsing`, () => {
    const error = refusal(`"${'é'.repeat(REPORT_MAX_BYTES / 2)}"`);
    expect(error.params).toMatchObject({ reason: 'too_large' });
  });
});
