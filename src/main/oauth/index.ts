/**
 * The OAuth 2.0 engine of POS Connect: plain Node, no Electron. Small request/process pairs in the
 * spirit of oauth4webapi, on which it is built; every failure is an AppError (src/shared/errors).
 */

export { authorize, buildAuthorizationRequest, judgeCallback, listenerPortFor } from './authorization-code';
export type {
  AuthorizationProgress,
  AuthorizationRequest,
  AuthorizationResult,
  AuthorizeOptions,
  BrowserPort,
} from './authorization-code';
export {
  callProtectedResource,
  classifyBearerFailure,
  parseBearerChallenge,
  parseChallenges,
} from './bearer-challenge';
export type { ApiCallOptions, BearerChallenge, BearerFailure } from './bearer-challenge';
export { CALLBACK_PAGE_HEADERS, CALLBACK_PAGE_TEXT, renderCallbackPage } from './callback-page';
export { discoverProvider, discoveryTargets, draftFromMetadata } from './discovery';
export type { DiscoveryResult } from './discovery';
export { reencodeRequest } from './encodings';
export type { TokenEncoding } from './encodings';
export { oauthError, parseRetryAfter, providerError } from './errors';
export { createBoundedFetch, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from './http';
export type { ExchangeRecord, HttpOptions } from './http';
export { decodeJwtUnverified, maskToken } from './jwt';
export type { DecodedJwt } from './jwt';
export { DEFAULT_AUTHORIZATION_TIMEOUT_MS, startLoopbackListener } from './loopback-listener';
export type { CallbackVerdict, LoopbackListener, LoopbackListenerOptions } from './loopback-listener';
export { revokeToken } from './revoke';
export {
  clientCredentialsGrant,
  extraParamsFor,
  passwordGrant,
  processTokenEndpointResponse,
  refreshTokenGrant,
  requestToken,
  scopeFor,
  sendTokenRequest,
} from './token-request';
export type { ClientCredentials, TokenEndpointConfig, TokenGrantInput } from './token-request';
export { splitTokenBody } from './token-response';
export type { TokenHttpResponse, TokenSet } from './token-response';
