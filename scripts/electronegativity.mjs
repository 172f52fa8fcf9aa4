#!/usr/bin/env node
/**
 * Electronegativity (Doyensec's Electron security linter) over the app's source, as a CI gate.
 *
 * Electronegativity reports findings but always exits 0, so this script runs it, reads its SARIF
 * report, and fails (exit 1) on every finding that electronegativity-allowlist.json does not list
 * with a reason. It also fails when a file could not be parsed (electronegativity would silently
 * skip it) and when an allowlist entry no longer matches anything (stale entries hide new findings).
 *
 * What is scanned, and why the source rather than the built out/: findings then point at the lines
 * a reviewer edits, allowlist entries stay valid across builds, no build is needed first, and the
 * renderer bundle's third-party code (React) is not re-audited on every run. The source is what
 * decides the security settings anyway: webPreferences, window handlers, CSP, openExternal.
 *
 * Offline by construction: the one check that needs the internet (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK,
 * which downloads Electron's release list from GitHub) is excluded, the Electron version is read
 * from node_modules/electron instead of being guessed, and electronegativity's start-up download of
 * translations (from S3, via `got`) is replaced by a stub that fails at once, so the run is the same
 * with or without a network.
 *
 * Usage: node scripts/electronegativity.mjs [--sarif <file>]   (default .tmp/electronegativity.sarif)
 */
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Needs the internet (GitHub's Electron releases); everything else runs. */
const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
/**
 * Global checks judge a whole application ("no CSP anywhere", "no will-navigate handler anywhere"):
 * they run over src/, where the app is. Run over the build configuration alone they would report
 * that it lacks what src/ has.
 */
const GLOBAL_CHECKS = [
  'AffinityGlobalCheck',
  'CSPGlobalCheck',
  'HTTPResourcesAndNodeIntegrationGlobalCheck',
  'LimitNavigationGlobalCheck',
  'PermissionRequestHandlerGlobalCheck',
];
/** Scanned paths, relative to the repository root, and the checks left out of each. */
const TARGETS = [
  { path: 'src', exclude: NETWORK_CHECKS },
  { path: 'electron.vite.config.ts', exclude: [...NETWORK_CHECKS, ...GLOBAL_CHECKS] },
];
const ALLOWLIST_FILE = join(ROOT, 'electronegativity-allowlist.json');

function argValue(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? resolve(process.argv[index + 1]) : fallback;
}
const SARIF_FILE = argValue('--sarif', join(ROOT, '.tmp', 'electronegativity.sarif'));

const toPosix = (path) => path.split(sep).join('/');

/** Replace electronegativity's `got` with a function that fails at once: no translation download. */
function stubNetwork() {
  const entry = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(entry).resolve('got');
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = () => Promise.reject(new Error('network disabled by scripts/electronegativity.mjs'));
  require.cache[gotPath] = stub;
}

function electronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    const range =
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies?.electron ?? '';
    const match = /\d+\.\d+\.\d+/.exec(range);
    if (!match) throw new Error('cannot tell the Electron version: install dependencies first');
    return match[0];
  }
}

function readAllowlist() {
  let entries;
  try {
    entries = JSON.parse(readFileSync(ALLOWLIST_FILE, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return [];
    throw new Error(`${relative(ROOT, ALLOWLIST_FILE)}: ${error.message}`, { cause: error });
  }
  if (!Array.isArray(entries))
    throw new Error(`${relative(ROOT, ALLOWLIST_FILE)}: expected an array of { rule, file, reason }`);
  entries.forEach((entry, index) => {
    for (const field of ['rule', 'file', 'reason']) {
      if (typeof entry?.[field] !== 'string' || entry[field].trim() === '') {
        throw new Error(`${relative(ROOT, ALLOWLIST_FILE)}[${index}]: "${field}" must be a non-empty string`);
      }
    }
    if (entry.line !== undefined && !Number.isInteger(entry.line)) {
      throw new Error(`${relative(ROOT, ALLOWLIST_FILE)}[${index}]: "line", when given, must be an integer`);
    }
  });
  return entries;
}

/** Electronegativity writes its report with a callback-style fs.writeFile after run() resolves: wait for it. */
async function readWhenWritten(file, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`no SARIF report from electronegativity at ${file}: ${error.message}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Run electronegativity over one target; findings as { rule, file, line, column, level, message }. */
async function scan(run, { path: target, exclude }, version) {
  const input = join(ROOT, target);
  mkdirSync(dirname(SARIF_FILE), { recursive: true });
  const sarifPart = `${SARIF_FILE}.${target.replace(/[^\w.-]+/g, '_')}.part`;
  const result = await run({
    input,
    output: sarifPart,
    isSarif: true,
    isRelative: true,
    excludeFromScan: exclude,
    electronVersionOverride: version,
  });
  const sarif = await readWhenWritten(sarifPart);
  rmSync(sarifPart, { force: true });
  // A directory's paths are relative to it; a single file's "relative" path is empty.
  const base = target.endsWith('.ts') || target.endsWith('.js') ? dirname(input) : input;
  const findings = [];
  for (const run of sarif.runs ?? []) {
    for (const item of run.results ?? []) {
      const location = item.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri ?? '';
      // "N/A" (a finding about the whole application) is written as file:///.
      const file = uri === '' || uri === 'file:///' ? target : toPosix(relative(ROOT, resolve(base, uri)));
      findings.push({
        rule: item.ruleId,
        file,
        line: location?.region?.startLine ?? 1,
        column: location?.region?.startColumn ?? 1,
        level: item.level ?? 'warning',
        message: item.message?.text ?? '',
      });
    }
  }
  const parseErrors = (result?.errors ?? [])
    .filter((error) => !error.tolerable)
    .map((error) => ({ file: toPosix(relative(ROOT, error.file)), message: error.message }));
  return { sarif, findings, parseErrors };
}

async function main() {
  stubNetwork();
  const version = electronVersion();
  const allowlist = readAllowlist();
  const { default: run } = await import('@doyensec/electronegativity');

  // Electronegativity prints progress and translation warnings with console.log; keep our output to the summary.
  const quiet = [];
  const log = console.log;
  console.log = (...args) => quiet.push(args.join(' '));
  const scans = [];
  try {
    for (const target of TARGETS) scans.push(await scan(run, target, version));
  } finally {
    console.log = log;
  }

  mkdirSync(dirname(SARIF_FILE), { recursive: true });
  const merged = { ...scans[0].sarif, runs: scans.flatMap((s) => s.sarif.runs ?? []) };
  writeFileSync(SARIF_FILE, `${JSON.stringify(merged, null, 2)}\n`);

  const findings = scans.flatMap((s) => s.findings);
  const parseErrors = scans.flatMap((s) => s.parseErrors);
  const matches = (entry, finding) =>
    entry.rule === finding.rule &&
    entry.file === finding.file &&
    (entry.line === undefined || entry.line === finding.line);
  const used = new Set();
  const blocking = [];
  let allowed = 0;
  for (const finding of findings) {
    const index = allowlist.findIndex((entry) => matches(entry, finding));
    if (index >= 0) {
      used.add(index);
      allowed += 1;
    } else {
      blocking.push(finding);
    }
  }
  const stale = allowlist.filter((_, index) => !used.has(index));

  for (const finding of blocking) {
    console.error(`${finding.file}:${finding.line}:${finding.column}  ${finding.rule}  ${finding.message}`);
  }
  for (const error of parseErrors)
    console.error(
      `${error.file}  PARSE_ERROR  electronegativity could not parse this file, so it was not checked: ${error.message}`,
    );
  for (const entry of stale)
    console.error(
      `${relative(ROOT, ALLOWLIST_FILE)}: stale entry, no ${entry.rule} finding in ${entry.file}${entry.line !== undefined ? `:${entry.line}` : ''} any more; remove it`,
    );

  const ok = blocking.length === 0 && parseErrors.length === 0 && stale.length === 0;
  const summary =
    `electronegativity (Electron ${version}, ${TARGETS.map((t) => t.path).join(' + ')}): ${findings.length} finding(s), ${allowed} allowlisted, ` +
    `${blocking.length} not allowlisted, ${parseErrors.length} parse error(s), ${stale.length} stale allowlist entr${stale.length === 1 ? 'y' : 'ies'}` +
    ` — ${ok ? 'ok' : 'FAILED'} (SARIF: ${toPosix(relative(ROOT, SARIF_FILE))})`;
  (ok ? console.log : console.error)(summary);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(`electronegativity: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
