import type { PosConnectApi } from '../../shared/ipc/api';
import type { AppErrorData } from '../../shared/errors';
import type { Result } from '../../shared/result';

/** The global the preload (or the test bridge) defines; see API_GLOBAL in shared/ipc/api.ts. */
const GLOBAL_NAME = 'posConnect';

export class MissingApiError extends Error {
  constructor() {
    super(
      'window.posConnect is missing: the renderer was loaded without the POS Connect preload or test bridge, so it cannot reach the main process.',
    );
    this.name = 'MissingApiError';
  }
}

export function hasApi(): boolean {
  return typeof (window as unknown as Record<string, unknown>)[GLOBAL_NAME] === 'object';
}

/** The typed contract exposed by the preload. Throws a clear error when it is absent. */
export function api(): PosConnectApi {
  const value = (window as unknown as Record<string, unknown>)[GLOBAL_NAME];
  if (value === null || typeof value !== 'object') throw new MissingApiError();
  return value as PosConnectApi;
}

/** Runs one IPC call; a transport failure (rejected promise) becomes an INTERNAL error value. */
export async function call<T>(invoke: (posConnect: PosConnectApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await invoke(api());
  } catch (error) {
    const failure: AppErrorData = {
      code: 'INTERNAL',
      message:
        'POS Connect could not reach its main process. Restart the app; if it keeps happening, contact support.',
      detail: error instanceof Error ? error.name : typeof error,
    };
    return { ok: false, error: failure };
  }
}

/** An error made in the renderer (a file that cannot be read, JSON that does not parse). */
export function localError(code: AppErrorData['code'], message: string, detail?: string): AppErrorData {
  return detail === undefined ? { code, message } : { code, message, detail };
}
