import { describe, expect, it } from 'vitest';
import { brandPartnershipNotice, creatorPartnershipEndNotice, partnershipRequestEmail, partnershipRequestNotice } from './partnership-messages.ts';

const subject = {
  brandName: 'Acme <Co>',
  campaignName: 'Summer',
  username: 'ana.biz',
  captionExcerpt: 'Launch day #ad',
  permalink: 'https://www.instagram.com/p/abc/',
  durationDays: 30,
  message: 'We love it',
};

describe('the request email', () => {
  const email = partnershipRequestEmail({
    ...subject,
    productName: 'Creator Hub',
    creatorName: 'Ana',
    reviewUrl: 'https://ck.test/partnership-ads/t?x=1&y=2',
    linkExpiresAt: new Date('2026-04-01T00:00:00Z'),
    reminder: false,
  });

  it('names the brand, the post, the duration and the link, and says the Instagram connection is untouched', () => {
    expect(email.subject).toBe('Acme <Co> asks to run your Instagram post as a Partnership Ad');
    expect(email.text).toContain('“Launch day #ad” as a Partnership Ad for 30 days, as part of the campaign “Summer”');
    expect(email.text).toContain('Approve or deny: https://ck.test/partnership-ads/t?x=1&y=2');
    expect(email.text).toContain('Your Instagram connection with Creator Hub stays exactly as it is');
  });

  it('escapes what it puts into HTML', () => {
    expect(email.html).toContain('Acme &lt;Co&gt;');
    expect(email.html).toContain('href="https://ck.test/partnership-ads/t?x=1&amp;y=2"');
    expect(email.html).not.toContain('<Co>');
  });

  it('a reminder says so in its subject and notice', () => {
    const reminder = partnershipRequestEmail({
      ...subject,
      productName: 'Creator Hub',
      creatorName: null,
      reviewUrl: 'https://ck.test/x',
      linkExpiresAt: new Date('2026-04-01T00:00:00Z'),
      reminder: true,
    });
    expect(reminder.subject.startsWith('Reminder: ')).toBe(true);
    expect(partnershipRequestNotice({ ...subject, reminder: true }).title).toBe('Reminder: Acme <Co> asks to run your post as a Partnership Ad');
  });
});

describe('the brand notices', () => {
  const base = { username: 'ana.biz', grantLevel: null, declinedScopes: [], promotionEnabled: null, expiresAt: null, stateReason: null } as const;

  it('a full approval says boosting is allowed and until when', () => {
    const notice = brandPartnershipNotice({ ...base, state: 'approved', grantLevel: 'full', promotionEnabled: true, expiresAt: new Date('2026-04-01T00:00:00Z') });
    expect(notice).toEqual({
      title: '@ana.biz approved Partnership Ads',
      body: 'Boosting the post is allowed for your Instagram account until Apr 1, 2026, 12:00 AM UTC.',
      urgent: false,
    });
  });

  it('a partial approval names what was declined and whether boosting is on', () => {
    const notice = brandPartnershipNotice({ ...base, state: 'approved', grantLevel: 'partial', declinedScopes: ['instagram_branded_content_creator'], promotionEnabled: false });
    expect(notice.title).toBe('@ana.biz approved Partnership Ads in part');
    expect(notice.body).toContain('Declined: “Allow brand partner to boost”. Boosting could not be turned on');
  });

  it('a revocation is urgent and says why', () => {
    expect(brandPartnershipNotice({ ...base, state: 'revoked', stateReason: 'password_changed' })).toEqual({
      title: '@ana.biz revoked Partnership Ads',
      body: 'The approval was revoked: the creator changed their Facebook password. Stop running the post as an ad.',
      urgent: true,
    });
  });

  it('an expiry says whether the duration or the login ran out', () => {
    expect(brandPartnershipNotice({ ...base, state: 'expired', stateReason: 'duration_ended' }).body).toBe('The approval expired: the agreed duration ended.');
    expect(brandPartnershipNotice({ ...base, state: 'expired', stateReason: 'token_expired' }).body).toBe('The approval expired: the Facebook login it rests on expired.');
  });
});

describe('the creator notice when an approval ends without them', () => {
  it("says the brand can no longer boost the post, and why, in the creator's words", () => {
    expect(creatorPartnershipEndNotice({ brandName: 'Acme', state: 'revoked', stateReason: 'app_removed' })).toEqual({
      title: 'Your Partnership Ads approval for Acme ended',
      body: 'Acme can no longer boost your post. You removed the app from your Facebook account. If they ask again, you will get a new request.',
      urgent: false,
    });
  });
});

describe('in the reader’s language', () => {
  const input = { ...subject, productName: 'Creator Hub', creatorName: 'Ana', reviewUrl: 'https://ck.test/r', linkExpiresAt: new Date('2026-04-01T00:00:00Z'), reminder: false };

  it('the request email speaks Japanese, with its dates, and names the time zone it has no footer for', () => {
    const email = partnershipRequestEmail(input, { locale: 'ja', timeZone: null });
    expect(email.subject).toBe('Acme <Co> があなたの Instagram 投稿をパートナーシップ広告にしたいと依頼しています');
    expect(email.text).toContain('Ana さん');
    expect(email.text).toContain('あなたの Instagram 投稿「Launch day #ad」を30日間パートナーシップ広告として配信したい');
    expect(email.text).toContain('このリンクは 2026/04/01 0:00 UTC まで有効です。');
    expect(email.html).toContain('Acme &lt;Co&gt;');
  });

  it('a creator in São Paulo reads Portuguese with times in their own zone', () => {
    const email = partnershipRequestEmail(input, { locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });
    expect(email.text).toContain('Oi, Ana!');
    expect(email.text).toContain('Este link funciona até 31 de mar. de 2026, 21:00.');
    expect(partnershipRequestNotice({ ...subject, reminder: true }, { locale: 'pt-BR', timeZone: null }).title).toBe(
      'Lembrete: Acme <Co> quer usar o seu post como anúncio de parceria',
    );
  });

  it('the brand’s notice speaks German, with the reason in words', () => {
    const notice = brandPartnershipNotice(
      { username: 'ana.biz', state: 'revoked', grantLevel: 'full', declinedScopes: [], promotionEnabled: true, expiresAt: null, stateReason: 'password_changed' },
      { locale: 'de', timeZone: null },
    );
    expect(notice.title).toBe('@ana.biz hat die Partnerschaftsanzeige widerrufen');
    expect(notice.body).toBe('Die Zustimmung wurde widerrufen: der Creator hat sein Facebook-Passwort geändert. Schalte den Beitrag nicht mehr als Anzeige.');
  });
});
