import { AppError } from '../../shared/errors';
import { REPORT_FORMAT, REPORT_MAX_BYTES, REPORT_VERSION, type OpenedReport } from '../../shared/report';
import { parseJsonText } from '../../shared/json-text';
import { supportReportSchema } from './report-schema';

/** Why a received file is not shown: the renderer words each reason (reports.openError.<reason>). */
export type ReportProblem = 'too_large' | 'not_json' | 'not_a_report' | 'unknown_version' | 'invalid';

function refuse(
  reason: ReportProblem,
  message: string,
  detail: string,
  params: Record<string, string | number> = {},
) {
  return new AppError({ code: 'INVALID_REPORT', message, detail, params: { reason, ...params } });
}

/**
 * A report someone else sent, checked before anything of it is shown: its size, its JSON, its
 * format and version, then every field the viewer reads. Each refusal says what is wrong with the
 * file in words a technician can act on, with the line and column of a JSON syntax error.
 */
export function openReport(fileName: string, text: string): OpenedReport {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > REPORT_MAX_BYTES) {
    throw refuse(
      'too_large',
      `This file is larger than ${REPORT_MAX_BYTES / (1024 * 1024)} MB: it is not a POS Connect report.`,
      `${fileName}: ${bytes} bytes`,
      { maxMegabytes: REPORT_MAX_BYTES / (1024 * 1024) },
    );
  }
  // A byte order mark is how some editors save; it is not part of the JSON.
  const json = parseJsonText(text.replace(/^\uFEFF/, ''));
  if (!json.ok) {
    const { line, column } = json;
    throw refuse(
      'not_json',
      `This file is not valid JSON: the text breaks off at line ${line}, column ${column}. Ask for the report again rather than editing it.`,
      `${fileName}: JSON syntax error at line ${line}, column ${column}`,
      { line, column },
    );
  }
  const value = json.value;
  const header = (value ?? {}) as { format?: unknown; version?: unknown; kind?: unknown };
  if (typeof value !== 'object' || value === null || header.format !== REPORT_FORMAT) {
    const older = typeof header.kind === 'string' && header.kind.startsWith('POS Connect');
    throw older
      ? refuse(
          'unknown_version',
          'This report was written by POS Connect 0.1, whose reports cannot be opened. Ask for a new report.',
          `${fileName}: report without a version ("${header.kind as string}")`,
          { version: '0.1', known: REPORT_VERSION },
        )
      : refuse(
          'not_a_report',
          'This file is not a POS Connect report.',
          `${fileName}: no "format": "${REPORT_FORMAT}"`,
        );
  }
  if (header.version !== REPORT_VERSION) {
    const version =
      typeof header.version === 'number' || typeof header.version === 'string' ? header.version : '?';
    throw refuse(
      'unknown_version',
      `This report is version ${version}; this POS Connect reads version ${REPORT_VERSION}. Open it with the same version of POS Connect that wrote it, or ask for a new report.`,
      `${fileName}: report version ${String(version)}`,
      { version: String(version).slice(0, 20), known: REPORT_VERSION },
    );
  }
  const parsed = supportReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.map(String).join('.') || '(top)' : '(top)';
    throw refuse(
      'invalid',
      `This report is damaged: the field ${path} is not what POS Connect writes. Ask for the report again.`,
      `${fileName}: ${path}: ${issue?.message ?? 'invalid'}`.slice(0, 500),
      { field: path.slice(0, 200) },
    );
  }
  return { fileName: fileName.slice(0, 255), report: parsed.data };
}
