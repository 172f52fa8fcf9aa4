import { startSandbox } from './server';

/**
 * `tsx test/sandbox/cli.ts [--port N]`: runs the sandbox until SIGINT/SIGTERM. The first line
 * printed is exactly "Sandbox listening on http://127.0.0.1:N", which scripts wait for.
 */

/** 47810 sits next to the vendors' registered callback ports (47811–47813). */
const DEFAULT_PORT = 47810;

function parsePort(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (index < 0) return DEFAULT_PORT;
  const arg = argv[index] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  const port = Number(value);
  if (value === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`sandbox: --port needs a number from 0 to 65535, got "${value ?? ''}"`);
    process.exit(2);
  }
  return port;
}

const sandbox = await startSandbox({ port: parsePort(process.argv.slice(2)) });
console.log(`Sandbox listening on ${sandbox.url}`);
console.log(`Descriptor: ${sandbox.url}/.well-known/sandbox`);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(
        `sandbox: error while stopping on ${signal}:`,
        error instanceof Error ? error.message : String(error),
      );
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
