import type { Channel, EventName } from './contract';

/**
 * Channel and event names as plain data, without the schemas, so the sandboxed preload bundles no
 * validation library. A type check keeps this list equal to the contract's keys.
 */
export const CHANNELS = [
  'app:info',
  'providers:list',
  'providers:problems',
  'providers:saveCustom',
  'providers:deleteCustom',
  'providers:discover',
  'apps:list',
  'apps:save',
  'apps:delete',
  'apps:importSumupCredentials',
  'connections:list',
  'connections:get',
  'connections:connect',
  'connections:cancelConnect',
  'connections:signInPage',
  'connections:refresh',
  'connections:rename',
  'connections:disconnect',
  'connections:copyAccessToken',
  'connections:testCall',
  'connections:checkAll',
  'diagnostics:healthCheck',
  'diagnostics:exportReport',
  'diagnostics:openReport',
  'settings:get',
  'settings:update',
  'clipboard:writeText',
  'kits:preview',
  'kits:import',
  'kits:opened',
  'kits:dismiss',
  'kits:export',
  'updates:status',
  'updates:restart',
] as const satisfies readonly Channel[];

export const EVENTS = [
  'connections:changed',
  'connect:progress',
  'settings:changed',
  'updates:changed',
  'kits:opened',
] as const satisfies readonly EventName[];

// Fails to compile when a contract channel is missing from CHANNELS (or an event from EVENTS).
type Missing<All, Listed> = Exclude<All, Listed>;
const allChannelsListed: Missing<Channel, (typeof CHANNELS)[number]> extends never ? true : false = true;
const allEventsListed: Missing<EventName, (typeof EVENTS)[number]> extends never ? true : false = true;
void allChannelsListed;
void allEventsListed;

/** Electron's channel for pushing events to the renderer. */
export const EVENT_CHANNEL = 'pos-connect:event';
