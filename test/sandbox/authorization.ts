import { renderConsentPage, renderErrorPage } from './authorize-page';
import type { ClientRecord } from './clients';
import { isRegisteredRedirect } from './clients';
import type { RequestContext, SandboxState } from './context';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { AuthorizationPageError, OAuthError } from './errors';
import { parseScope } from './grants';
import type { RedirectMatch } from './redirect-uri';
import { redirect, sendHtml } from './respond';
import type { PendingAuthorization } from './store';

/** What differs between vendors' authorization endpoints; everything else is RFC 6749 §4.1. */
export interface AuthorizationPolicy {
  vendor: SandboxVendorId;
  vendorName: string;
  /** The endpoint's path, where the consent form posts back. */
  path: string;
  redirectMatch: RedirectMatch;
  /** SumUp: "Always send a state value". */
  stateRequired: boolean;
  /**
   * false: the callback never carries state, even when one was sent (Taptouch's example callback is
   * only "?code=AUTHORIZATION_CODE"). Default true (RFC 6749 §4.1.2).
   */
  echoesState?: boolean;
  /** optional: bound when sent; required: every client (generic); required-for-public: Taptouch. */
  pkce: 'optional' | 'required' | 'required-for-public';
  /** RFC 9207: the iss parameter on every authorization response (generic provider). */
  issuer?: string;
  /** The merchant who is "signed in" at the vendor. */
  subject: string;
  /** The scopes granted for the request, or throws OAuthError('invalid_scope'). */
  resolveScopes(client: ClientRecord, requested: string[] | null): string[];
  describeScope(name: string): string;
}

/** Header that lets scripted tests answer the consent page without a browser. */
const DECISION_HEADER = 'x-sandbox-decision';

function callbackUrl(redirectUri: string, fields: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined) url.searchParams.append(name, value);
  return url.toString();
}

export function createAuthorizationEndpoint(state: SandboxState, policy: AuthorizationPolicy) {
  const issFields = (): Record<string, string | undefined> => ({ iss: policy.issuer });
  const echoed = (value: string | undefined): string | undefined =>
    policy.echoesState === false ? undefined : value;

  /** Answers a pending request: a code on approve, error=access_denied on deny. */
  const finish = (ctx: RequestContext, pending: PendingAuthorization, decision: 'approve' | 'deny'): void => {
    if (decision === 'deny') {
      redirect(
        ctx.res,
        callbackUrl(pending.redirect_uri, {
          error: 'access_denied',
          error_description: 'The user denied the request.',
          state: echoed(pending.state),
          ...issFields(),
        }),
      );
      return;
    }
    const code = state.store.issueCode({
      vendor: policy.vendor,
      client_id: pending.client_id,
      redirect_uri: pending.redirect_uri,
      scopes: pending.scopes,
      subject: policy.subject,
      ...(pending.code_challenge === undefined ? {} : { code_challenge: pending.code_challenge }),
    });
    redirect(
      ctx.res,
      callbackUrl(pending.redirect_uri, { code: code.code, state: echoed(pending.state), ...issFields() }),
    );
  };

  const showPageError = (ctx: RequestContext, error: AuthorizationPageError): void => {
    sendHtml(ctx.res, 400, renderErrorPage(policy.vendorName, error.title, error.detail));
  };

  const get = (ctx: RequestContext): void => {
    try {
      handleGet(ctx);
    } catch (error) {
      if (error instanceof AuthorizationPageError) showPageError(ctx, error);
      else throw error;
    }
  };

  const handleGet = (ctx: RequestContext): void => {
    const { params, duplicates } = ctx.query;
    if (duplicates.length > 0) {
      throw new AuthorizationPageError(
        'Invalid request',
        `Parameters sent more than once: ${duplicates.join(', ')}.`,
      );
    }
    // Client and redirect URI first: until both are known good, nothing may be redirected.
    const clientId = params.get('client_id');
    const client = state.clients.get(policy.vendor, clientId);
    if (client === undefined) {
      throw new AuthorizationPageError(
        'Unknown application',
        clientId === undefined
          ? 'The request has no client_id.'
          : `No application is registered with client_id "${clientId}".`,
      );
    }
    const redirectUri = params.get('redirect_uri');
    if (redirectUri === undefined)
      throw new AuthorizationPageError('Missing redirect URI', 'The request has no redirect_uri.');
    if (!isRegisteredRedirect(client, policy.redirectMatch, redirectUri)) {
      throw new AuthorizationPageError(
        'Redirect URI not registered',
        `${redirectUri} is not a registered redirect URI of ${client.name}.`,
      );
    }

    const stateParam = params.get('state');
    state.secrets.record('state', policy.vendor, stateParam);
    const fail = (error: string, description: string): void =>
      redirect(
        ctx.res,
        callbackUrl(redirectUri, {
          error,
          error_description: description,
          state: echoed(stateParam),
          ...issFields(),
        }),
      );

    const responseType = params.get('response_type');
    if (responseType === undefined) return fail('invalid_request', 'response_type is missing.');
    if (responseType !== 'code')
      return fail('unsupported_response_type', 'Only response_type=code is supported.');
    if (policy.stateRequired && (stateParam === undefined || stateParam === ''))
      return fail('invalid_request', 'state is required.');

    let scopes: string[];
    try {
      scopes = policy.resolveScopes(client, parseScope(params.get('scope')));
    } catch (error) {
      if (error instanceof OAuthError) return fail(error.error, error.description);
      throw error;
    }

    const challenge = params.get('code_challenge');
    const method = params.get('code_challenge_method');
    const pkceNeeded =
      policy.pkce === 'required' ||
      (policy.pkce === 'required-for-public' && client.client_secret === undefined);
    if (challenge === undefined) {
      if (pkceNeeded) return fail('invalid_request', 'code_challenge is required (PKCE, S256).');
    } else {
      if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
      if (!/^[A-Za-z0-9\-_]{43}$/.test(challenge))
        return fail('invalid_request', 'code_challenge is not a base64url SHA-256 hash.');
    }

    const pending = state.store.addPending({
      vendor: policy.vendor,
      client_id: client.client_id,
      redirect_uri: redirectUri,
      scopes,
      ...(stateParam === undefined ? {} : { state: stateParam }),
      ...(challenge === undefined ? {} : { code_challenge: challenge }),
    });

    const decision = ctx.req.headers[DECISION_HEADER];
    if (decision === 'approve' || decision === 'deny')
      return finish(ctx, state.store.takePending(pending.id) ?? pending, decision);
    if (decision !== undefined) {
      throw new AuthorizationPageError(
        'Invalid X-Sandbox-Decision',
        'The header must be "approve" or "deny".',
      );
    }
    sendHtml(
      ctx.res,
      200,
      renderConsentPage({
        vendorName: policy.vendorName,
        clientName: client.name,
        clientId: client.client_id,
        subject: policy.subject,
        scopes: scopes.map((name) => ({ name, description: policy.describeScope(name) })),
        action: policy.path,
        requestId: pending.id,
      }),
    );
  };

  /** The consent form's POST: request_id and decision. */
  const post = (ctx: RequestContext): void => {
    const requestId = ctx.body.params.get('request_id');
    const decision = ctx.body.params.get('decision');
    const pending = requestId === undefined ? undefined : state.store.takePending(requestId);
    if (pending === undefined || pending.vendor !== policy.vendor) {
      showPageError(
        ctx,
        new AuthorizationPageError(
          'Request expired',
          'This authorization request is unknown, already answered or expired. Start again from the application.',
        ),
      );
      return;
    }
    if (decision !== 'approve' && decision !== 'deny') {
      showPageError(ctx, new AuthorizationPageError('Invalid answer', 'Choose Approve or Deny.'));
      return;
    }
    finish(ctx, pending, decision);
  };

  return { get, post };
}
