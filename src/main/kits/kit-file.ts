import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import { kitSchema, type Kit } from '../../shared/kits/kit-format';
import { KIT_FORMAT, KIT_VERSION, MAX_KIT_BYTES } from '../../shared/kits/kit-types';
import { validateProviderDefinition } from '../../shared/providers/provider-schema';
import { locateJsonSyntaxError } from '../../shared/json-text';

/**
 * Reading and writing a kit's text. Every refusal is a KIT_INVALID that says where: the line and
 * column of a syntax error, the dotted path of a field, the name of a field the app does not know.
 * Values are never echoed (a technician may have pasted a secret in the wrong place).
 */

export function parseKit(text: string): Kit {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_KIT_BYTES) {
    throw invalid(
      `This file is ${Math.ceil(bytes / 1024)} KiB; a connection kit is at most ${MAX_KIT_BYTES / 1024} KiB.`,
      `kit of ${bytes} bytes`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const where = locateJsonSyntaxError(text) ?? { line: 1, column: 1, reason: 'not JSON' };
    throw invalid(
      `This file is not valid JSON: line ${where.line}, column ${where.column} (${where.reason}).`,
      `JSON syntax at ${where.line}:${where.column}`,
      { line: where.line, column: where.column, reason: where.reason },
    );
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== KIT_FORMAT) {
    throw invalid('This file is not a POS Connect connection kit.', 'format is not pos-connect-kit');
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > KIT_VERSION) {
    throw invalid(
      `This kit was made by a newer POS Connect (kit version ${version}). Update POS Connect, then open it again.`,
      `kit version ${version}, this app reads ${KIT_VERSION}`,
    );
  }
  const parsed = kitSchema.safeParse(raw);
  if (!parsed.success) {
    const first = describeIssue(parsed.error.issues[0]!);
    throw invalid(
      first.message,
      `kit fields: ${parsed.error.issues.map((i) => describeIssue(i).field).join(', ')}`,
      {
        field: first.field,
      },
    );
  }
  parsed.data.customProviders.forEach((definition, index) => {
    const checked = validateProviderDefinition(definition);
    if (!checked.ok) {
      const problem = checked.problems[0]!;
      const field = `customProviders.${index}.${problem.field}`;
      throw invalid(`${field}: ${problem.message}`, `custom provider ${index} refused`, { field });
    }
  });
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const field = [path, issue.keys[0]].filter(Boolean).join('.');
    return { field, message: `"${field}" is not a field of a connection kit.` };
  }
  const field = path || '(kit)';
  return { field, message: `${field}: ${issue.message}` };
}

function invalid(message: string, detail: string, params?: Record<string, string | number>): AppError {
  return new AppError({ code: 'KIT_INVALID', message, detail, ...(params ? { params } : {}) });
}

/** The kit as a file: two-space JSON, so a technician can read what it holds. */
export function serialiseKit(kit: Kit): string {
  return `${JSON.stringify(kit, null, 2)}\n`;
}

/**
 * Everything but the secrets, in one canonical form (keys sorted): the associated data that binds
 * the encrypted secrets to the apps and definitions they were exported with.
 */
export function kitAssociatedData(kit: Kit): string {
  const { secrets: _secrets, ...rest } = kit;
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Names a kit by its content: the same file opened twice (or found again at start) is one kit. */
export function kitHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
