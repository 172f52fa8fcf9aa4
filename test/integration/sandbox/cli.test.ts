import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('sandbox CLI', () => {
  it('prints "Sandbox listening on http://127.0.0.1:N" first and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/cli.ts', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      expect(first).toMatch(/^Sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = first.replace('Sandbox listening on ', '');
      const response = await fetch(`${url}/.well-known/sandbox`);
      expect(((await response.json()) as { base_url: string }).base_url).toBe(url);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
