import { contract, type Channel, type ChannelOutput } from '../../shared/ipc/contract';
import { toErrorData } from '../../shared/errors';
import { err, ok, type Result } from '../../shared/result';
import type { Handlers } from './handlers';

/** Who sent an IPC message: the URL of the frame, and whether it is the app's top frame. */
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

export type SenderPolicy = (sender: SenderInfo) => boolean;

export type Dispatch = (channel: string, input: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  isTrustedSender: SenderPolicy;
  /** Called with every failure, already as data, for the log. */
  onError?: (channel: string, error: ReturnType<typeof toErrorData>) => void;
}

/**
 * The single entry point for every IPC call, in Electron and in the test bridge alike: it drops
 * calls from an untrusted frame, validates the input against the contract's schema, runs the
 * handler and turns whatever happens into a Result. A handler never sees unvalidated input.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  return async (channel, input, sender) => {
    if (!options.isTrustedSender(sender)) {
      return err({
        code: 'UNTRUSTED_SENDER',
        message: 'This request did not come from the POS Connect window and was ignored.',
        detail: `channel ${channel} from an untrusted frame`,
      });
    }
    if (!Object.hasOwn(contract, channel)) {
      return err({
        code: 'UNKNOWN_CHANNEL',
        message: 'POS Connect received a request it does not know.',
        detail: `channel ${channel}`,
      });
    }
    const known = channel as Channel;
    const parsed = contract[known].input.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
      );
      return err({
        code: 'INVALID_INPUT',
        message: 'POS Connect received a request with missing or invalid values.',
        detail: `${known}: ${fields.join('; ')}`,
      });
    }
    try {
      const handler = handlers[known] as (value: unknown) => Promise<ChannelOutput<Channel>>;
      return ok(await handler(parsed.data));
    } catch (error) {
      const data = toErrorData(error);
      options.onError?.(known, data);
      return err(data);
    }
  };
}

/**
 * The app's renderer is loaded from one origin (app://pos-connect in a packaged build, the dev
 * server or the test bridge otherwise); only its top frame may call main. Subframes, other origins
 * and file:// pages are refused. Scheme, host and port are compared directly: WHATWG's `origin` is
 * "null" for a custom scheme such as app://.
 */
export function senderPolicyFor(allowedOrigin: string): SenderPolicy {
  const allowed = new URL(allowedOrigin);
  return (sender) => {
    if (!sender.isMainFrame) return false;
    try {
      const url = new URL(sender.url);
      return url.protocol === allowed.protocol && url.host === allowed.host && url.host !== '';
    } catch {
      return false;
    }
  };
}
