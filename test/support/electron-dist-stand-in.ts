import { appendFile, copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FuseState, FuseV1Options } from '@electron/fuses';

/** Electron's fuse sentinel: @electron/fuses finds the fuse wire right after it. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;

/** Electron 45's fuses as shipped (before packaging flips them), in wire order. */
export const SHIPPED_FUSES: Readonly<Record<FuseV1Options, FuseState>> = {
  [FuseV1Options.RunAsNode]: FuseState.ENABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.ENABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.DISABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.DISABLE,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: FuseState.DISABLE,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.ENABLE,
  [FuseV1Options.WasmTrapHandlers]: FuseState.ENABLE,
};

/**
 * An unpacked "Electron" for electron-builder's `electronDist` on a machine that cannot download
 * the real one: this Node binary named `electron`, with Electron's fuse sentinel and a fuse wire
 * (version byte, length byte, one state byte per fuse) appended, so @electron/fuses can flip and
 * read fuses on it exactly as on a real runtime. It is never run.
 */
export async function createElectronDistStandIn(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const binary = join(dir, 'electron');
  await copyFile(process.execPath, binary);
  const states = Object.values(SHIPPED_FUSES);
  await appendFile(
    binary,
    Buffer.concat([
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([FUSE_WIRE_VERSION, states.length]),
      Buffer.from(states),
    ]),
  );
  return dir;
}
