import { arch, cpus, platform, release, totalmem, type as osType } from 'node:os';

export interface MachineInfo {
  os: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
}

/** What the figures were measured on: they mean nothing without it. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    os: `${osType()} ${release()} (${platform()} ${arch()})`,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}
