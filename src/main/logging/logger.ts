import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../security/private-dir';
import type { SecretRegistry } from '../security/redact';

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  secrets: SecretRegistry;
  /** A JSON-lines file; absent keeps logs in memory only (tests). */
  file?: string;
  /** Every line as written, for tests and leak scans. */
  sink?: (line: string) => void;
  now?: () => number;
}

/**
 * JSON-lines logs with every line scrubbed before it is written: of each secret this process has
 * seen (the registry), and of secret URL parameters. A log is the one place a secret would linger
 * for months, so the scrubbing happens here, not at each call site.
 */
export function createLogger(options: LoggerOptions): Logger {
  if (options.file) ensurePrivateDir(dirname(options.file));
  const write = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    const entry = {
      at: new Date((options.now ?? Date.now)()).toISOString(),
      level,
      message,
      ...(data ? { data } : {}),
    };
    // Redacted value by value, then serialised: the line stays one valid JSON object.
    const line = JSON.stringify(options.secrets.redactValue(entry));
    options.sink?.(line);
    if (options.file) {
      try {
        appendFileSync(options.file, `${line}\n`, { mode: 0o600 });
      } catch {
        // A log that cannot be written must not take the app down with it.
      }
    }
  };
  return {
    info: (message, data) => write('info', message, data),
    warn: (message, data) => write('warn', message, data),
    error: (message, data) => write('error', message, data),
  };
}
