/**
 * The brand's Campaign Performance page and the creator's Partnership Ads approval in Japanese and
 * Brazilian Portuguese, in a real Chromium: axe finds no serious violation at desktop and phone widths
 * in light and dark mode; on a 390-px phone the open Partnership Ads form splits no word and nothing
 * scrolls sideways; a creator approves with the keyboard alone. With SCREENSHOTS=1 the campaign page is
 * saved to docs/screenshots/campaign-<locale>-<desktop|phone>.png for the README's tour.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import { planInsights } from '../../src/insights/insights-plan.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { checkEveryWay, DESKTOP, expectAccessible, PHONE } from '../support/accessibility.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, createCampaign, join, mediaIdOf, publish, syncNow } from '../support/insights-fixtures.ts';

const BRAND_IG = '17841400000000777';
const docsShots = path.join(import.meta.dirname, '../../docs/screenshots');
const saveShots = process.env.SCREENSHOTS === '1';
const sideways = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

/**
 * Words (of up to 24 letters: a long link may wrap) that the layout split across two lines, in the
 * given elements. Words of alphabets only: Japanese lines may break between any two characters.
 */
const splitWords = (selector: string) => `(() => {
  const broken = [];
  for (const element of document.querySelectorAll(${JSON.stringify(selector)})) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[\\p{Script=Latin}\\p{N}]{2,24}/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
})()`;

describe.skipIf(!hasChromium)(
  `brand pages in Japanese and Portuguese, Partnership Ads approval in English, Japanese and Portuguese${hasChromium ? '' : ` (${noChromium})`}`,
  () => {
    let t: TestContext;
    let browser: Browser;
    let base: string;
    let ana: Channel;
    let campaignId: string;

    beforeAll(async () => {
      ({ t, base } = await listeningTestContext({ now: '2026-06-01T09:00:00Z', env: { PRODUCT_NAME: 'Acme Creators', PSEUDO_LOCALE: 'on' }, logLevel: 'warn' }));
      const fb = t.sandbox.world.network<FacebookWorld>('facebook');
      ana = await connectInstagram(t, 'ana');
      fb.createUser({ username: 'anabiz.facebook', name: 'Ana Biz (Facebook)', pages: [{ name: 'Ana Page', instagram: { link: ana.username } }] });
      campaignId = await createCampaign(t, { hashtag: '#AcmeAds', state: 'live' });
      await join(t, campaignId, 'ana');
      t.clock.advance(MINUTE);
      const world = t.sandbox.world.instagram;
      const reel = publish(t, ana, 'Corrida ao pôr do sol com a Acme, um dia inesquecível #AcmeAds #ad');
      publish(t, ana, 'Lista de bagagem para o verão #AcmeAds #ad');
      world.metrics.set(reel, { views: 54_000, reach: 41_000, likes: 3_800, comments: 410, saved: 220, shares: 170, total_interactions: 4_600 });
      t.clock.advance(2 * HOUR);
      await syncNow(t, ana);
      await planInsights(t.system.deps);
      await runInsightTasks(t.system.deps);
      t.clock.advance(DAY);
      world.metrics.set(reel, { views: 91_000, total_interactions: 7_200 });
      await planInsights(t.system.deps);
      await runInsightTasks(t.system.deps);
      browser = await launchChromium();
      if (saveShots) fs.mkdirSync(docsShots, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    /** A brand's visit to the campaign in `language`: the page, and its cookies for other contexts. */
    async function brandVisit(language: string, viewport: { width: number; height: number }): Promise<Page> {
      const page = await localPage(browser, { viewport, locale: language, extraHTTPHeaders: { 'accept-language': language } });
      await page.goto((await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme' }, campaignId })).json().url);
      return page;
    }

    for (const [language, words] of [
      ['ja', { lang: 'ja', heading: '再生数とエンゲージメントの推移', request: 'パートナーシップ広告をリクエスト', days: '期間（日数、1〜60）' }],
      ['pt-BR', { lang: 'pt-BR', heading: 'Visualizações e interações ao longo do tempo', request: 'Pedir anúncio de parceria', days: 'Por quantos dias (1–60)' }],
    ] as const) {
      it(`the Campaign Performance page in ${language}: its words, no serious axe violation anywhere, the open form splits no word at any width`, async () => {
        const desktop = await brandVisit(language, DESKTOP);
        expect(await desktop.locator('html').getAttribute('lang')).toBe(words.lang);
        expect(await desktop.getByRole('heading', { name: words.heading }).isVisible()).toBe(true);
        if (saveShots) await desktop.screenshot({ path: path.join(docsShots, `campaign-${language}-desktop.png`), fullPage: true });
        const cookies = await desktop.context().cookies();
        await checkEveryWay(browser, desktop.url(), async (page) => {
          await page.context().addCookies(cookies);
          await page.context().setExtraHTTPHeaders({ 'accept-language': language });
        });

        // The open form must not squeeze the post's column until its words split, at any width.
        for (const viewport of [PHONE, { width: 768, height: 1024 }, DESKTOP]) {
          const phone = await brandVisit(language, viewport);
          const post = phone.locator('tbody tr', { hasText: 'Corrida ao pôr do sol' });
          await post.getByText(words.request, { exact: true }).click();
          expect(await post.getByLabel(words.days).isVisible()).toBe(true);
          expect(await phone.evaluate(sideways), `sideways at ${viewport.width}px`).toBe(0);
          expect(await phone.evaluate(splitWords('tbody td')), `split words at ${viewport.width}px`).toEqual([]);
          if (saveShots && viewport === PHONE) await phone.screenshot({ path: path.join(docsShots, `campaign-${language}-phone.png`), fullPage: true });
        }
      });
    }

    it('the Campaign Performance page in the pseudo-locale (every message 40 % longer): no sideways scroll, no split word, axe-clean, on a phone and a desktop', async () => {
      for (const viewport of [PHONE, DESKTOP]) {
        const page = await brandVisit('en-XA', viewport);
        expect(await page.locator('html').getAttribute('lang')).toBe('en-XA');
        expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toContain('⟦');
        expect(await page.evaluate(sideways), `sideways at ${viewport.width}px`).toBe(0);
        expect(await page.evaluate(splitWords('main h1, main h2, main .stat, main th')), `split words at ${viewport.width}px`).toEqual([]);
        await expectAccessible(page);
        await page.context().close();
      }
    });

    /** A brand's request for a new bound post, and the review link from the creator's email. */
    async function requestFor(caption: string): Promise<string> {
      const providerId = publish(t, ana, caption);
      t.clock.advance(2 * HOUR);
      await syncNow(t, ana);
      const mediaId = await mediaIdOf(t.system.deps.db, providerId);
      const post = await t.system.deps.db.selectFrom('campaign_posts').select('id').where('media_id', '=', mediaId).executeTakeFirstOrThrow();
      const asked = await t.api('POST', `/v1/campaigns/${campaignId}/posts/${post.id}/partnership-ads`, { brandInstagramAccountId: BRAND_IG, durationDays: 30 });
      expect(asked.statusCode).toBe(201);
      const email = await t.system.deps.db.selectFrom('emails').select('text_body').where('dedupe_key', '=', `partnership:${asked.json().id}:request`).executeTakeFirstOrThrow();
      return email.text_body.match(/https?:\/\/\S+partnership-ads\?token=\S+/)![0]!;
    }

    const speaks = (locale: string) => t.system.deps.db.updateTable('creators').set({ locale }).where('id', '=', 'ana').execute();

    for (const [language, words] of [
      ['en', { heading: 'Acme asks to run your post as a Partnership Ad', approve: 'Approve with Facebook', approved: 'Approved.' }],
      ['ja', { heading: 'Acme があなたの投稿をパートナーシップ広告として配信したいと依頼しています', approve: 'Facebook で承認する', approved: '承認しました。' }],
      ['pt-BR', { heading: 'Acme quer usar o seu post como anúncio de parceria', approve: 'Aprovar com o Facebook', approved: 'Aprovado.' }],
    ] as const) {
      it(`the Partnership Ads approval in ${language}, from the email in the creator's language, with no serious axe violation`, async () => {
        await speaks(language);
        const link = await requestFor(`Approval walk ${language} #AcmeAds #ad`);
        await checkEveryWay(browser, link);
        const page = await localPage(browser, { viewport: PHONE });
        await page.goto(link);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(words.heading);
        expect(await page.evaluate(sideways)).toBe(0);
        expect(await page.evaluate(splitWords('main, body'))).toEqual([]);
        await page.getByRole('button', { name: words.approve }).click();
        await page
          .getByRole('form', { name: 'Ana Biz (Facebook)' })
          .getByRole('button', { name: /^Continue as Ana Biz/ })
          .click();
        await page.waitForURL((url) => url.origin === base && url.searchParams.get('outcome') === 'approved');
        expect(await page.getByRole('status').innerText()).toContain(words.approved);
        await checkEveryWay(browser, page.url());
      });
    }

    it('a creator approves with the keyboard alone', async () => {
      await speaks('en');
      const link = await requestFor('Keyboard walk #AcmeAds #ad');
      const page = await localPage(browser, { viewport: DESKTOP });
      await page.goto(link);
      // Tab until the Approve button has the focus, then press Enter; the same on Facebook's dialog.
      const tabTo = async (name: RegExp) => {
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          const focused = String(await page.evaluate('document.activeElement?.textContent?.trim() ?? ""'));
          if (name.test(focused)) return;
        }
        throw new Error(`no control named ${name} is reachable with Tab`);
      };
      await tabTo(/^Approve with Facebook$/);
      await page.keyboard.press('Enter');
      await page.getByRole('form', { name: 'Ana Biz (Facebook)' }).waitFor();
      await tabTo(/^Continue as Ana Biz/);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.origin === base && url.searchParams.get('outcome') === 'approved');
      expect(await page.getByRole('status').innerText()).toBe('Approved. Acme may run this post as a Partnership Ad.');
    });
  },
);
