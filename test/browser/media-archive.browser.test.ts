/**
 * A bound post's picture on the Campaign Performance page in a real Chromium (playwright-core), after
 * the network's CDN link has expired: the page shows our copy, which the browser loads and decodes (a
 * 320×320 JPEG, as the sandbox draws a post's picture), and our copy of a reel plays as H.264 video where this Chromium has the codec. Requests
 * to anything but this machine are refused, as the real CDN's would be here. Screenshot in
 * test/browser/screenshots/ (not committed).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { runMediaArchives } from '../../src/media/archive-worker.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const shots = path.join(import.meta.dirname, 'screenshots');

describe.skipIf(!hasChromium)(`archived media on the Campaign Performance page in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let campaignId: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-06-01T09:00:00Z' }));
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
    await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, account: 'ana.business', returnUrl: `${base}/` });
    campaignId = (
      await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Summer 26', hashtag: '#AcmeSummer26', networks: ['instagram'], state: 'live' })
    ).json().id;
    await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana`, { stage: 'content_creation', joinedAt: '2026-06-01T08:00:00Z' });
    t.clock.advance(HOUR);
    t.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'FEED', caption: 'Packing list #AcmeSummer26 #ad' });
    t.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'VIDEO', productType: 'REELS', caption: 'Sunset run #AcmeSummer26 #ad' });
    const connection = (await t.system.deps.db.selectFrom('connections').select('id').executeTakeFirstOrThrow()).id;
    await t.api('POST', `/v1/connections/${connection}/media-sync`);
    await runMediaSyncs(t.system.deps);
    expect(await runMediaArchives(t.system.deps)).toMatchObject({ archived: 2 });
    // A week on: every CDN link the sync stored has expired (the sandbox's clock decides).
    t.clock.advance(7 * DAY);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('still shows a bound post’s picture after the network’s CDN link has expired', async () => {
    const page = await localPage(browser, { viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    const created = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme' }, campaignId });
    const loaded: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/media-files/') && response.status() === 200) loaded.push(response.url());
    });
    await page.goto(created.json().url);
    // The picture is laid over the network's mark (shown when it cannot load).
    const thumb = page.locator('tr', { hasText: 'Packing list' }).locator('.thumb .pic');
    const style = (await thumb.getAttribute('style')) ?? '';
    const src = /url\("([^"]+)"\)/.exec(style)?.[1];
    expect(src?.startsWith(`${base}/media-files/`)).toBe(true);
    // The browser decodes what we serve: a real picture, not only a 200.
    const size = await page.evaluate(`(async () => {
      const img = new Image();
      img.src = ${JSON.stringify(src)};
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    })()`);
    expect(size).toEqual([320, 320]);
    await page.waitForLoadState('networkidle');
    expect(loaded.length).toBeGreaterThanOrEqual(2); // both posts' covers, from our copies
    // The network's own link for the same picture is dead by now.
    const stored = await t.system.deps.db.selectFrom('media').select('media_url').where('caption', 'like', 'Packing list%').executeTakeFirstOrThrow();
    const cdn = new URL(stored.media_url!);
    expect((await fetch(`${t.sandbox.url}/${cdn.host}${cdn.pathname}${cdn.search}`)).status).toBe(403);
    await page.screenshot({ path: path.join(shots, 'campaign-archived-media.png'), fullPage: true });
    await page.context().close();
  });

  it('our copy of a reel is a video Chromium can open', async () => {
    const posts = (await t.api('GET', `/v1/campaigns/${campaignId}/posts`)).json().data as { caption: string; mediaUrl: string }[];
    const reel = posts.find((p) => p.caption.startsWith('Sunset run'))!;
    expect(reel.mediaUrl.startsWith(`${base}/media-files/`)).toBe(true);
    const page = await localPage(browser);
    await page.goto(`${base}/healthz`);
    const playable = await page.evaluate(`document.createElement('video').canPlayType('video/mp4; codecs="avc1.42C014"')`);
    const opened = await page.evaluate(`new Promise((resolve) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = ${JSON.stringify(reel.mediaUrl)};
      video.onloadeddata = () => resolve({ width: video.videoWidth, height: video.videoHeight, duration: video.duration });
      video.onerror = () => resolve('error ' + (video.error && video.error.code));
      setTimeout(() => resolve('timeout'), 10000);
    })`);
    // Debian's Chromium may be built without H.264; where it has it, our file must open.
    if (playable === '') return;
    expect(opened).toEqual({ width: 32, height: 32, duration: 1 });
    await page.context().close();
  });
});
