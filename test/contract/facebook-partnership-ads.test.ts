/**
 * The real Partnership Ads adapter against the sandbox, over HTTP on a loopback port with one manual clock:
 * the consent (granted and declined permissions, re-requesting), the ownership check through the Pages,
 * the post's "Allow brand partner to boost" setting, and the token check. No database: these run in seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import type { StartedSandbox } from '../../sandbox/index.ts';
import { DAY, type ManualClock } from '../../src/kernel/clock.ts';
import { FacebookPartnershipAds } from '../../src/providers/facebook/partnership-ads.ts';
import { createHttpClient } from '../../src/providers/http.ts';
import { PARTNERSHIP_ADS_SCOPES, type PartnershipGrant } from '../../src/providers/partnership-ads.ts';
import { CONTRACT_TIMEOUT_MS, postConsent, startContractSandbox } from './harness-support.ts';
import { providerError } from './provider-contract.ts';

const ORIGINS = ['https://www.facebook.com', 'https://graph.facebook.com'];
const REDIRECT_URI = 'https://channelkeeper.test/partnerships/callback';
const CREATOR = 'instagram_branded_content_creator';
const BRAND = '17841499999999999';

interface Harness {
  provider: FacebookPartnershipAds;
  sandbox: StartedSandbox;
  fb: FacebookWorld;
  clock: ManualClock;
  /** Every URL the adapter asked for, to prove tokens stay out of them. */
  urls: string[];
}

async function makeHarness(): Promise<Harness> {
  const { clock, sandbox } = await startContractSandbox(ORIGINS);
  const urls: string[] = [];
  const recording: typeof fetch = (input, init) => {
    urls.push(String(input));
    return fetch(input, init);
  };
  const originMap = Object.fromEntries(ORIGINS.map((origin) => [origin, `${sandbox.url}/${new URL(origin).host}`]));
  const http = createHttpClient({ originMap, timeoutMs: CONTRACT_TIMEOUT_MS, fetch: recording });
  const provider = new FacebookPartnershipAds({ clientId: 'sandbox-facebook-app', clientSecret: 'sandbox-facebook-secret', http, clock });
  return { provider, sandbox, fb: sandbox.world.network<FacebookWorld>('facebook'), clock, urls };
}

describe('Facebook Partnership Ads against the sandbox', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(() => h.sandbox.close());

  async function consent(username: string, granted: readonly string[] = PARTNERSHIP_ADS_SCOPES, rerequest = false): Promise<PartnershipGrant> {
    const url = h.provider.createAuthorizationUrl({ state: 'st', redirectUri: REDIRECT_URI, rerequest });
    const location = new URL(await postConsent(url, username, granted));
    return h.provider.exchangeCode({ code: `${location.searchParams.get('code')}${location.hash}`, redirectUri: REDIRECT_URI });
  }

  /** The IG professional account id Instagram Login reports for this username (`/me` user_id). */
  async function instagramLoginId(username: string): Promise<string> {
    const token = h.sandbox.world.instagram.mintToken({ username }).value;
    const res = await fetch(`${h.sandbox.url}/graph.instagram.com/v25.0/me?fields=user_id`, { headers: { authorization: `Bearer ${token}` } });
    // user_id is above 2^53: read the digits, not a number.
    return /"user_id":"?(\d+)/.exec(await res.text())![1]!;
  }

  const publish = (productType: 'FEED' | 'STORY' = 'FEED') =>
    h.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType, caption: 'Spring drop' }).id;

  it('the authorization URL is the v25.0 dialog asking for the four permissions, with auth_type=rerequest only when asked', () => {
    const url = h.provider.createAuthorizationUrl({ state: 'st', redirectUri: REDIRECT_URI, rerequest: false });
    expect(url.href.startsWith(`${h.sandbox.url}/www.facebook.com/v25.0/dialog/oauth?`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'sandbox-facebook-app',
      redirect_uri: REDIRECT_URI,
      state: 'st',
      response_type: 'code',
      scope: 'pages_show_list,instagram_basic,business_management,instagram_branded_content_creator',
    });
    expect(h.provider.createAuthorizationUrl({ state: 'st', redirectUri: REDIRECT_URI, rerequest: true }).searchParams.get('auth_type')).toBe('rerequest');
  });

  it('a full consent gives a 60-day user token with every permission, the user id and name, and nothing declined', async () => {
    const grant = await consent('ana.facebook');
    const now = h.clock.now().getTime();
    expect(grant.tokens).toMatchObject({ expiresAt: new Date(now + 60 * DAY), providerUserId: h.fb.user('ana.facebook')!.id, dataAccessExpiresAt: new Date(now + 90 * DAY) });
    expect([...grant.tokens.scopes!].sort()).toEqual([...PARTNERSHIP_ADS_SCOPES].sort());
    expect(grant).toMatchObject({ declinedScopes: [], userName: 'Ana (Facebook)' });
  });

  it('tokens travel in the Authorization header: no URL but debug_token’s input carries the user token', async () => {
    const grant = await consent('ana.facebook');
    await h.provider.linkedInstagramAccounts(grant.tokens.accessToken);
    await h.provider.setPartnerPromotion(grant.tokens.accessToken, { mediaId: publish(), sponsorId: BRAND, allow: true });
    const carrying = h.urls.filter((u) => u.includes(grant.tokens.accessToken));
    expect(carrying.length).toBeGreaterThan(0);
    expect(carrying.every((u) => new URL(u).pathname.endsWith('/debug_token'))).toBe(true);
  });

  it('a permission unticked on the dialog is in declinedScopes and not in the token', async () => {
    const grant = await consent(
      'ana.facebook',
      PARTNERSHIP_ADS_SCOPES.filter((s) => s !== CREATOR),
    );
    expect(grant.declinedScopes).toEqual([CREATOR]);
    expect(grant.tokens.scopes).not.toContain(CREATOR);
  });

  it('a declined permission cannot be granted by a second consent without rerequest; with rerequest it can', async () => {
    await consent(
      'ana.facebook',
      PARTNERSHIP_ADS_SCOPES.filter((s) => s !== CREATOR),
    );
    const again = await consent('ana.facebook');
    expect(again.tokens.scopes).not.toContain(CREATOR);
    expect(again.declinedScopes).toEqual([CREATOR]);
    const asked = await consent('ana.facebook', PARTNERSHIP_ADS_SCOPES, true);
    expect(asked.tokens.scopes).toContain(CREATOR);
    expect(asked.declinedScopes).toEqual([]);
  });

  it("the person managing ana.business's Page sees it under the id Instagram Login reports; someone else does not", async () => {
    const igId = await instagramLoginId('ana.business');
    const ana = await consent('ana.facebook');
    expect(await h.provider.linkedInstagramAccounts(ana.tokens.accessToken)).toEqual([
      { instagramAccountId: igId, username: 'ana.business', pageId: h.fb.pagesOf(h.fb.user('ana.facebook')!.id)[0]!.id, pageName: 'Ana Business' },
    ]);
    h.fb.config.listPageSize = 1;
    const dana = await consent('dana.fb');
    const linked = await h.provider.linkedInstagramAccounts(dana.tokens.accessToken);
    expect(linked.map((a) => a.username)).toEqual(['dana.bakes']);
    expect(linked.map((a) => a.instagramAccountId)).not.toContain(igId);
  });

  it("turning the boost permission on and off changes the sandbox's approvals for that media", async () => {
    const { tokens } = await consent('ana.facebook');
    const mediaId = publish();
    await h.provider.setPartnerPromotion(tokens.accessToken, { mediaId, sponsorId: BRAND, allow: true });
    expect(h.fb.partnerApprovals(mediaId)).toEqual([BRAND]);
    await h.provider.setPartnerPromotion(tokens.accessToken, { mediaId, sponsorId: BRAND, allow: false });
    expect(h.fb.partnerApprovals(mediaId)).toEqual([]);
    expect(h.sandbox.world.calls.count('facebook.partner_promote')).toBe(2);
  });

  it('a token without instagram_branded_content_creator is refused as insufficient_scope', async () => {
    const { tokens } = await consent(
      'ana.facebook',
      PARTNERSHIP_ADS_SCOPES.filter((s) => s !== CREATOR),
    );
    const mediaId = publish();
    expect(await providerError(h.provider.setPartnerPromotion(tokens.accessToken, { mediaId, sponsorId: BRAND, allow: true }))).toMatchObject({
      kind: 'insufficient_scope',
      providerCode: '10',
    });
    expect(h.fb.partnerApprovals(mediaId)).toEqual([]);
  });

  it("a person without a role on the Page linked to the post's account is refused", async () => {
    const { tokens } = await consent('dana.fb');
    const mediaId = publish();
    const error = await providerError(h.provider.setPartnerPromotion(tokens.accessToken, { mediaId, sponsorId: BRAND, allow: true }));
    expect(error).toMatchObject({ kind: 'insufficient_scope', providerCode: '200' });
    expect(error.message).not.toContain(tokens.accessToken);
    expect(h.fb.partnerApprovals(mediaId)).toEqual([]);
  });

  it('an answer of success false is an unexpected_response, not a setting done', async () => {
    const { tokens } = await consent('ana.facebook');
    const story = publish('STORY');
    h.clock.advance(DAY);
    expect(await providerError(h.provider.setPartnerPromotion(tokens.accessToken, { mediaId: story, sponsorId: BRAND, allow: true }))).toMatchObject({
      kind: 'unexpected_response',
    });
  });

  it('an unknown media is an unexpected_response naming 100/33; a throttled call is rate_limited', async () => {
    const { tokens } = await consent('ana.facebook');
    expect(await providerError(h.provider.setPartnerPromotion(tokens.accessToken, { mediaId: '17999999999999999', sponsorId: BRAND, allow: true }))).toMatchObject({
      kind: 'unexpected_response',
      providerCode: '100/33',
    });
    h.sandbox.world.faults.add({ endpoint: 'facebook.partner_promote', fault: 'throttle', code: 80002, regainMinutes: 12 });
    expect(await providerError(h.provider.setPartnerPromotion(tokens.accessToken, { mediaId: publish(), sponsorId: BRAND, allow: true }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterSeconds: 720,
    });
  });

  it('checkToken: valid with its expiry and scopes; password_changed after a password change; expired after 60 days', async () => {
    const { tokens } = await consent('ana.facebook');
    expect(await h.provider.checkToken(tokens.accessToken)).toEqual({ valid: true, expiresAt: tokens.expiresAt, scopes: tokens.scopes });
    h.clock.advance(60 * DAY);
    expect(await h.provider.checkToken(tokens.accessToken)).toEqual({ valid: false, reason: 'expired' });
    const fresh = await consent('ana.facebook');
    h.fb.applyEvent('ana.facebook', 'password-change');
    expect(await h.provider.checkToken(fresh.tokens.accessToken)).toEqual({ valid: false, reason: 'password_changed' });
  });

  it('checkToken: a token that never expires has no expiry; a failing debug_token throws rather than calling the token dead', async () => {
    const page = h.fb.mintToken({ username: 'ana.facebook', kind: 'page' }).value;
    expect(await h.provider.checkToken(page)).toMatchObject({ valid: true, expiresAt: null });
    h.sandbox.world.faults.add({ endpoint: 'facebook.debug_token', fault: 'http_500' });
    expect(await providerError(h.provider.checkToken(page))).toMatchObject({ kind: 'transient' });
  });
});
