import { performance } from 'node:perf_hooks';
import type { SandboxProcess } from '../lib/sandbox-process';
import { timedConnect, type SumupSetup } from './connect';

/**
 * A test call through the connection service (the `connections:testCall` handler: token from the
 * vault, the request, redaction, history) against a bare fetch of the same URL with the same token,
 * read through the service's internals (secretsOf) once, outside the timing.
 */
export async function measureTestCall(
  sb: SandboxProcess,
  setup: SumupSetup,
  options: { reps: number; warmup: number },
): Promise<{ app: number[]; bare: number[] }> {
  const { connectionId } = await timedConnect(setup);
  const { services } = setup.bench;
  const vendor = sb.d.vendors.sumup;
  const url = `${vendor.api_base_url.replace(/\/+$/, '')}${vendor.test_call.path}`;
  const token = (await services.keeper.secretsOf(connectionId))?.accessToken;
  if (!token) throw new Error('no access token in the vault');
  const samples = { app: [] as number[], bare: [] as number[] };
  for (let i = 0; i < options.warmup + options.reps; i += 1) {
    const keep = i >= options.warmup;
    const order = i % 2 === 0 ? (['app', 'bare'] as const) : (['bare', 'app'] as const);
    for (const side of order) {
      const started = performance.now();
      let status: number;
      if (side === 'app') {
        const result = await services.handlers['connections:testCall']({
          connectionId,
          method: 'GET',
          path: vendor.test_call.path,
          headers: {},
        });
        status = result.status;
      } else {
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await res.text();
        status = res.status;
      }
      const ms = performance.now() - started;
      if (status !== 200) throw new Error(`test call (${side}) answered ${status}`);
      if (keep) samples[side].push(ms);
    }
  }
  return samples;
}
