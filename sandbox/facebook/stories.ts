/**
 * Instagram media and Page posts looked up by id on graph.facebook.com (for their insights and the post
 * node), and the `/{ig-user-id}/stories` edge. Media are generated from the account record (graph.ts
 * `mediaOf`), so a lookup parses the id: `18` + the account id's last 9 digits + the index (feed), `179` + the
 * same + the index (stories, two of them, posted 2 and 9 hours before the account joined the sandbox).
 * An account linked to an Instagram Login account has that account's media and stories, ids included
 * (instagram/media.ts).
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/stories
 */

import { instagramCdnUrl } from '../core/cdn.ts';
import { findMedia, liveStories, mediaNode } from '../instagram/media.ts';
import { STORY_LIFETIME_MS } from '../meta/metrics.ts';
import { mediaOf, noPermission, POSTS_PER_PAGE, withToken } from './graph.ts';
import { fail, type GraphCall, graphTime, isGraphError, paginate, parseFields, pick, sendOk, unsupportedGet } from './http.ts';
import type { FbPage, IgAccount } from './model.ts';

const HOUR_MS = 3_600_000;

export interface IgMediaRef {
  ig: IgAccount;
  id: string;
  productType: 'FEED' | 'REELS' | 'STORY';
  publishedAtMs: number;
  node: Record<string, unknown>;
}

function story(call: GraphCall, ig: IgAccount, i: number): IgMediaRef {
  const id = `179${ig.id.slice(-9)}${String(i).padStart(5, '0')}`;
  const publishedAtMs = ig.createdAtMs - [2, 9][i]! * HOUR_MS;
  const video = i === 1;
  const node = {
    id,
    media_type: video ? 'VIDEO' : 'IMAGE',
    media_product_type: 'STORY',
    media_url: instagramCdnUrl(call.world, `${id}.${video ? 'mp4' : 'jpg'}`),
    thumbnail_url: video ? instagramCdnUrl(call.world, `${id}-thumb.jpg`) : undefined,
    permalink: `https://www.instagram.com/stories/${ig.username}/${id}/`,
    timestamp: graphTime(publishedAtMs),
    username: ig.username,
    caption: undefined,
  };
  return { ig, id, productType: 'STORY', publishedAtMs, node };
}

/**
 * An Instagram media of an account reached through a Page. The generated ids of this world and of the
 * Instagram world can read alike (both 17 digits); this world's own accounts are tried first.
 */
export function findIgMedia(call: GraphCall, id: string): IgMediaRef | undefined {
  return ownMedia(call, id) ?? linkedMedia(call, id);
}

function linkedMedia(call: GraphCall, id: string): IgMediaRef | undefined {
  const found = findMedia(call.world, id);
  const ig = found && call.fb.instagram(found.account.userId);
  if (!found || !ig?.linked) return undefined;
  return { ig, id, productType: found.media.productType, publishedAtMs: found.media.publishedAtMs, node: mediaNode(call.world, found.account, found.media) };
}

function ownMedia(call: GraphCall, id: string): IgMediaRef | undefined {
  const feed = /^18(\d{9})(\d{6})$/.exec(id);
  const st = /^179(\d{9})(\d{5})$/.exec(id);
  const ig = call.fb.instagramBySuffix((st ?? feed)?.[1] ?? '');
  if (!ig) return undefined;
  if (st) return Number(st[2]) < 2 ? story(call, ig, Number(st[2])) : undefined;
  const i = Number(feed![2]);
  if (i >= ig.mediaCount) return undefined;
  const node = mediaOf(call.world, ig, i);
  return { ig, id, productType: node.media_product_type as 'FEED' | 'REELS', publishedAtMs: ig.createdAtMs - (i + 1) * 36 * HOUR_MS, node };
}

/** A Page post `{page-id}_{n}` of the generated ones (graph.ts `posts`). */
export function findPost(call: GraphCall, id: string): { page: FbPage; i: number; publishedAtMs: number } | undefined {
  const m = /^(\d+)_(\d+)$/.exec(id);
  const page = m ? call.fb.page(m[1]!) : undefined;
  const i = POSTS_PER_PAGE - (Number(m?.[2]) - 1_000_000_000);
  if (!page || !(i >= 0 && i < POSTS_PER_PAGE)) return undefined;
  return { page, i, publishedAtMs: page.createdAtMs - (i + 1) * 48 * HOUR_MS };
}

/** `GET /{ig-id}/stories`: the stories of the last 24 hours; needs instagram_basic. */
export async function stories(call: GraphCall, igId: string): Promise<unknown> {
  const checked = await withToken(call, 'stories', igId, true);
  if (!checked) return;
  const ig = call.fb.instagram(igId);
  if (!ig || !call.fb.reachablePages(checked.token).some((p) => p.id === ig.pageId)) return fail(call, unsupportedGet(igId));
  if (!checked.token.scopes.includes('instagram_basic')) return noPermission(call);
  const now = call.fb.clock.now().getTime();
  const login = call.fb.instagramLogin(ig);
  const live = login
    ? liveStories(call.world, login).map((m) => ({ id: m.id, node: mediaNode(call.world, login, m) }))
    : [0, 1].map((i) => story(call, ig, i)).filter((s) => s.publishedAtMs <= now && now < s.publishedAtMs + STORY_LIFETIME_MS);
  const fields = parseFields(call.query.fields, 'id');
  const items: Record<string, unknown>[] = [];
  for (const s of live) {
    const out = pick(s.node, fields, 'IGMedia');
    if (isGraphError(out)) return fail(call, out);
    items.push({ ...out, id: s.id });
  }
  return sendOk(call, paginate(call, items, `${igId}/stories`), { endpoint: 'stories', igId });
}
