import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SandboxDescriptor, SandboxVendorId } from '../../src/shared/sandbox-descriptor';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The sandbox in a child process of its own, so that its CPU time and memory are not counted as
 * the app's (the services' peak memory is sampled in this process), as a vendor would be remote.
 */
export interface SandboxProcess {
  url: string;
  d: SandboxDescriptor;
  child: ChildProcess;
  admin(path: keyof SandboxDescriptor['admin'], body?: unknown): Promise<unknown>;
  tokenRequests(vendor: SandboxVendorId): Promise<Record<string, number>>;
  registerClient(input: {
    vendor: SandboxVendorId;
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    vetted?: boolean;
  }): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/cli.ts', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 30 s')), 30_000);
    child.once('exit', (code) =>
      reject(new Error(`the sandbox exited with code ${String(code)} before listening`)),
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^Sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
      else reject(new Error(`unexpected first line from the sandbox: ${line}`));
    });
  });
  // Keep draining stdout so that the child never blocks on a full pipe.
  child.stdout?.resume();
  const d = (await (await fetch(`${url}/.well-known/sandbox`)).json()) as SandboxDescriptor;

  const admin = async (path: keyof SandboxDescriptor['admin'], body?: unknown): Promise<unknown> => {
    const res = await fetch(
      d.admin[path],
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    if (!res.ok) throw new Error(`sandbox admin ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };

  return {
    url,
    d,
    child,
    admin,
    async tokenRequests(vendor) {
      const stats = (await admin('stats')) as {
        token_requests: Partial<Record<SandboxVendorId, Record<string, number>>>;
      };
      return stats.token_requests[vendor] ?? {};
    },
    async registerClient(input) {
      await admin('clients', input);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
