/**
 * Every error the service reports, in one catalog: a machine-readable code, its HTTP status and a
 * sentence for a person. The table in docs/errors.md is checked against this catalog by a test.
 */
export const errorCatalog = {
  invalid_request: { status: 400, message: 'The request is malformed or a field is invalid.' },
  unauthorized: { status: 401, message: 'Send a valid API key as "Authorization: Bearer <key>".' },
  not_found: { status: 404, message: 'There is no such resource in this workspace.' },
  conflict: { status: 409, message: 'This changed while your request was applied: read it again and retry.' },
  rate_limited: { status: 429, message: 'Too many requests with this API key; retry after the seconds in Retry-After.' },
  idempotency_key_reused: { status: 422, message: 'This Idempotency-Key was used for another request in the last 24 hours; send a new key with a new request.' },
  unsupported_provider: { status: 400, message: 'This provider is not supported.' },
  insufficient_scope: { status: 403, message: 'The creator did not grant a permission this needs; they have to reconnect and allow it.' },
  reconnect_required: { status: 409, message: 'This connection is disconnected; the creator has to reconnect it.' },
  media_sync_in_progress: { status: 409, message: 'A media sync of this connection is already queued or running.' },
  insights_refresh_cooldown: { status: 429, message: 'Insights of this campaign were refreshed less than 12 hours ago; try again at details.retryAt.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  uri_too_long: { status: 414, message: 'The URL is too long: a path segment holds at most 100 characters.' },
  headers_too_large: { status: 431, message: 'The request headers are too large.' },
  request_timeout: { status: 408, message: 'The request took too long to arrive; send it again.' },
  internal_error: { status: 500, message: 'Something went wrong on our side; it has been logged.' },
  // The connect flow: shown to creators as pages, with the same codes.
  connect_session_not_found: { status: 404, message: 'This connect link is not valid. Ask the platform for a new one.' },
  connect_session_expired: { status: 410, message: 'This connect link has expired. Ask the platform for a new one.' },
  connect_session_used: { status: 410, message: 'This connect link was already used. Ask the platform for a new one.' },
  state_invalid: { status: 400, message: 'The sign-in could not be matched to a connect request. Start again from the platform.' },
  state_expired: { status: 400, message: 'The sign-in took longer than 10 minutes. Start again from the platform.' },
  state_used: { status: 400, message: 'This sign-in was already completed. Start again from the platform if you need to.' },
  access_denied: { status: 400, message: 'You cancelled the permission request, so nothing was connected.' },
  personal_account: { status: 422, message: 'Only Instagram professional accounts (Business or Creator) can be connected.' },
  no_eligible_account: { status: 422, message: 'The sign-in reached no account that can be connected.' },
  choice_invalid: { status: 400, message: 'Choose at least one of the accounts listed.' },
  account_connected_elsewhere: { status: 409, message: 'This account is already connected by another creator on this platform.' },
  oauth_failed: { status: 502, message: 'The network did not accept the sign-in. Please try again.' },
  provider_unavailable: { status: 503, message: 'The network is not answering right now. Please try again in a few minutes.' },
  database_unavailable: { status: 503, message: 'The database is not answering.' },
  not_ready: { status: 503, message: 'This process is not ready to do its work; details.checks says which check failed.' },
  reconnect_link_invalid: { status: 400, message: 'This reconnect link is not valid.' },
  reconnect_link_expired: { status: 410, message: 'This reconnect link has expired; reconnect from the platform instead.' },
  media_file_not_found: { status: 404, message: 'There is no such media file: the link is not valid, or the copy was deleted.' },
  media_link_expired: { status: 410, message: 'This media link has expired; read the post again for a new one.' },
  // The creators' Channels page (portal).
  portal_link_invalid: { status: 404, message: 'This link to your Channels page is not valid. Open Channels again from the platform.' },
  portal_link_expired: { status: 410, message: 'This link to your Channels page has expired. Open Channels again from the platform.' },
  portal_link_used: { status: 410, message: 'This link to your Channels page was already used. Open Channels again from the platform.' },
  portal_session_expired: { status: 401, message: 'Your visit to the Channels page has ended. Open Channels again from the platform.' },
  csrf_invalid: { status: 403, message: 'This form is out of date. Reload the Channels page and try again.' },
  dashboard_link_invalid: { status: 400, message: 'This dashboard link is not valid. Ask for a new one.' },
  dashboard_link_expired: { status: 410, message: 'This dashboard link has expired. Ask for a new one.' },
  // The brand-facing creator profile page (a signed link a platform shares).
  profile_link_invalid: { status: 404, message: 'This link to a creator profile is not valid. Ask the platform for a new one.' },
  profile_link_expired: { status: 410, message: 'This link to a creator profile has expired. Ask the platform for a new one.' },
  // Callbacks from the networks (Meta deauthorize and data deletion, TikTok webhooks).
  signed_request_invalid: { status: 400, message: 'The signed_request is missing, malformed or not signed with our app secret.' },
  signed_request_expired: { status: 400, message: 'The signed_request is too old or has expired.' },
  webhook_signature_invalid: { status: 400, message: 'The webhook signature is missing, malformed or does not match.' },
  webhook_signature_expired: { status: 400, message: 'The webhook signature is more than five minutes old or ahead.' },
  // Campaigns and content binding.
  campaign_transition_invalid: { status: 409, message: 'The campaign cannot move from its current state to the one asked for.' },
  post_not_synced: { status: 404, message: 'This post has not been seen yet: ask for a media sync of the creator’s channel, then try again.' },
  post_not_participant: { status: 422, message: 'This post belongs to a creator who does not take part in this campaign.' },
  post_url_unsupported: { status: 422, message: 'This is not the address of a post on a network the service supports.' },
  // Webhooks to the platform.
  webhook_endpoint_limit: { status: 409, message: 'This workspace already has 20 webhook endpoints; delete one before adding another.' },
  webhook_endpoint_removed: { status: 409, message: 'The webhook endpoint this delivery was for has been deleted, so it cannot be sent again.' },
  // API keys.
  api_key_limit: { status: 409, message: 'This workspace already has 100 API keys that are neither revoked nor expired; revoke one before creating another.' },
  // The workspace's brand.
  branding_invalid: { status: 422, message: 'A brand setting cannot be used as given: details.field names it and details.problem says why.' },
  // Partnership Ads.
  partnership_post_not_bound: { status: 422, message: 'This post is not bound to the campaign, so Partnership Ads cannot be asked for it.' },
  partnership_post_not_instagram: { status: 422, message: 'Partnership Ads are for Instagram posts; this post is on another network.' },
  partnership_post_not_live: { status: 422, message: 'This post is no longer live on Instagram (deleted, or a story older than 24 hours).' },
  partnership_sponsor_required: { status: 422, message: 'Give the id of the brand’s Instagram account that may boost the post; it is remembered for the brand’s next requests.' },
  partnership_request_closed: { status: 409, message: 'This Partnership Ads request has already been answered or has ended.' },
  partnership_link_invalid: { status: 400, message: 'This Partnership Ads link is not valid. Open the request from your Channels page instead.' },
  partnership_link_expired: { status: 410, message: 'This Partnership Ads link has expired. Open the request from your Channels page instead.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/** An expected failure, carried as a value. `message` overrides the catalog sentence when more precise. */
export interface Failure<C extends ErrorCode = ErrorCode> {
  code: C;
  message?: string;
  details?: Record<string, unknown>;
}

export type Result<T, C extends ErrorCode = ErrorCode> = { ok: true; value: T } | { ok: false; error: Failure<C> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <C extends ErrorCode>(code: C, message?: string, details?: Record<string, unknown>) => ({ ok: false, error: { code, message, details } }) as const;

/** Thrown only across layers that cannot return a value (route handlers); the error handler renders it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? errorCatalog[code].message);
    this.code = code;
    this.details = details;
  }
  static from(failure: Failure): AppError {
    return new AppError(failure.code, failure.message, failure.details);
  }
}

export function statusOf(code: ErrorCode): number {
  return errorCatalog[code].status;
}
