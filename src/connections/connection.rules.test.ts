import { describe, expect, it } from 'vitest';
import { canApply, connectionStatuses, describeReason, disconnectReasons, endsGrant, grantDays, type Transition, transitions } from './connection.rules.ts';

describe('which status changes a connection allows', () => {
  it('an active connection can be refreshed, marked expiring, disconnected or reconnected', () => {
    for (const transition of ['refreshed', 'expiring', 'disconnected', 'reconnected'] as const) {
      expect(canApply(transition, 'active'), transition).toBe(true);
    }
  });

  it('a disconnected connection cannot be refreshed', () => {
    expect(canApply('refreshed', 'disconnected')).toBe(false);
  });

  it('a disconnected connection cannot be disconnected again (so its creator is told once)', () => {
    expect(canApply('disconnected', 'disconnected')).toBe(false);
  });

  it('a disconnected connection cannot be marked expiring', () => {
    expect(canApply('expiring', 'disconnected')).toBe(false);
  });

  it('an expiring connection is not marked expiring twice', () => {
    expect(canApply('expiring', 'expiring')).toBe(false);
  });

  it('an expiring connection that refreshes becomes active again', () => {
    expect(canApply('refreshed', 'expiring')).toBe(true);
    expect(transitions.refreshed.to).toBe('active');
  });

  it('an expiring connection can still be disconnected', () => {
    expect(canApply('disconnected', 'expiring')).toBe(true);
  });

  it('reconnecting is allowed from every status and makes the connection active', () => {
    for (const status of connectionStatuses) expect(canApply('reconnected', status), status).toBe(true);
    expect(transitions.reconnected.to).toBe('active');
  });

  it('"connected" only creates a connection: it applies to no existing one', () => {
    for (const status of connectionStatuses) expect(canApply('connected', status), status).toBe(false);
    expect(transitions.connected.to).toBe('active');
  });

  it('every transition starts and ends at a known status', () => {
    for (const [name, { from, to }] of Object.entries(transitions)) {
      expect(connectionStatuses, name).toContain(to);
      for (const status of from) expect(canApply(name as Transition, status), name).toBe(true);
      for (const status of from) expect(connectionStatuses, name).toContain(status);
    }
  });
});

describe('explaining a disconnection to a creator', () => {
  it.each(disconnectReasons)('"%s" is explained in plain sentences, with what to do', (reason) => {
    const { why, fix } = describeReason(reason, 'Instagram');
    for (const sentence of [why, fix]) {
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      expect(sentence).not.toContain('_');
      expect(sentence).not.toMatch(/undefined|null/);
    }
  });

  it('reasons that call for different actions get different explanations', () => {
    const distinct = disconnectReasons.filter((r) => r !== 'invalid_token' && r !== 'revoked');
    const whys = new Set(distinct.map((reason) => describeReason(reason, 'Instagram').why));
    expect(whys.size).toBe(distinct.length);
    expect(whys).not.toContain(describeReason('revoked', 'Instagram').why);
  });

  it('every reason tells the creator to reconnect or what to do first', () => {
    for (const reason of disconnectReasons) expect(describeReason(reason, 'Instagram').fix, reason).toMatch(/[Rr]econnect/);
  });

  it('the network is named, so a creator knows which account to look at', () => {
    for (const reason of disconnectReasons.filter((r) => r !== 'insufficient_scope')) {
      expect(`${describeReason(reason, 'Instagram').why} ${describeReason(reason, 'Instagram').fix}`, reason).toContain('Instagram');
    }
  });

  it('each reason says what actually happened', () => {
    const why = (reason: string) => describeReason(reason, 'Instagram').why;
    expect(why('expired')).toMatch(/expired/);
    expect(why('password_changed')).toMatch(/password/);
    expect(why('app_removed')).toMatch(/removed/);
    expect(why('checkpoint')).toMatch(/security check/);
    expect(why('checkpoint')).toMatch(/security/);
    expect(why('unconfirmed_user')).toMatch(/confirm/);
    expect(why('insufficient_scope')).toMatch(/permission/);
  });

  it('an expiry says how long the network’s grant lasted, when it is known', () => {
    expect(describeReason('expired', 'Instagram', { grantDays: 60 }).why).toContain('expired after 60 days');
    expect(describeReason('expired', 'TikTok', { grantDays: 365 }).why).toContain('expired after 365 days');
    expect(describeReason('expired', 'Instagram', { grantDays: null }).why).not.toMatch(/after|days/);
    expect(describeReason('expires_soon', 'Facebook', { grantDays: 60 }).why).toBe('Facebook lets apps keep access for 60 days only, and that time ends soon.');
  });

  it('a grant lasts from its token’s issue to its end, in whole days; open-ended grants have no length', () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    expect(grantDays({ tokenIssuedAt: issued, grantExpiresAt: new Date('2026-03-02T00:00:00Z') })).toBe(60);
    expect(grantDays({ tokenIssuedAt: issued, grantExpiresAt: null })).toBeNull();
    expect(grantDays({ tokenIssuedAt: null, grantExpiresAt: issued })).toBeNull();
  });

  it('a reason we do not know, or none at all, still says the network no longer accepts the connection', () => {
    for (const reason of [null, 'something_new']) {
      expect(describeReason(reason, 'Instagram')).toEqual({
        why: 'Instagram no longer accepts the connection.',
        fix: 'Reconnect your Instagram account to resume.',
      });
    }
  });

  it('an account switched to a personal one is told so, with its network’s way back, or a general one', () => {
    const told = describeReason('not_professional', 'Instagram', { professionalSwitch: 'In the Instagram app, switch back.' });
    expect(told).toEqual({
      why: 'The account was switched to a personal account, and Instagram lets apps read professional (Business or Creator) accounts only.',
      fix: 'In the Instagram app, switch back.',
    });
    expect(describeReason('not_professional', 'Pinterest').fix).toBe(
      'Switch it back to a professional (Business or Creator) account in the Pinterest app’s settings, then reconnect.',
    );
  });

  it('where the sentence stands alone (an email, a notice), it names the account to reconnect', () => {
    expect(describeReason('revoked', 'TikTok', { account: '@tom.dances' }).fix).toBe('Reconnect TikTok @tom.dances to resume.');
    expect(describeReason('disconnected_on_request', 'Facebook', { account: 'Dana Bakes' }).fix).toBe('Reconnect Facebook Dana Bakes whenever you want it read again.');
  });

  it('the person’s reasons end every account their login reached; one token’s or one account’s do not', () => {
    for (const reason of ['app_removed', 'password_changed', 'expired', 'checkpoint', 'unconfirmed_user']) expect(endsGrant(reason), reason).toBe(true);
    for (const reason of ['revoked', 'invalid_token', 'insufficient_scope', 'not_professional', 'refresh_lost', 'disconnected_on_request', 'data_deleted']) {
      expect(endsGrant(reason), reason).toBe(false);
    }
  });
});
