import { arch, hostname, platform, release, type } from 'node:os';
import type { ReportSystem } from '../../shared/report';

/** What a report says about the computer it was written on, at a given moment (epoch ms). */
export type SystemFactsPort = (now: number) => ReportSystem;

/**
 * Read from node:os and Intl. The Electron shell passes the app's own locale (app.getLocale()),
 * which follows the system's language settings more closely than the process's environment.
 */
export function systemFactsWith(overrides: { locale?: string } = {}): SystemFactsPort {
  return (now) => {
    const resolved = Intl.DateTimeFormat().resolvedOptions();
    return {
      machine: hostname(),
      os: type(),
      platform: platform(),
      release: release(),
      arch: arch(),
      locale: overrides.locale ?? resolved.locale,
      timeZone: resolved.timeZone,
      // getTimezoneOffset is minutes west of UTC; a report says east, as ISO offsets do.
      utcOffsetMinutes: -new Date(now).getTimezoneOffset() || 0,
    };
  };
}

export const systemFacts: SystemFactsPort = systemFactsWith();
