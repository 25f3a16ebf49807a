/**
 * graph.facebook.com reads: `/me`, `/{user}/accounts` (the Pages with their Page tokens and linked Instagram
 * accounts), Page and Instagram nodes, `/{ig-id}/media`, `/{page-id}/posts|published_posts`, and the
 * insights edges (insights.ts). Facts: docs/networks.md#facebook.
 *
 * A Page or Instagram node is visible to a Page token of that Page, or to a user token whose person picked
 * the Page on the consent screen and still has a role on it; anything else is "Unsupported get request"
 * (100/33). Reads of the person's data fail with 190/493 once data access has expired.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { followersAt } from '../core/account-figures.ts';
import { instagramCdnUrl, signedCdnUrl } from '../core/cdn.ts';
import type { World } from '../core/world.ts';
import { feed, mediaNode } from '../instagram/media.ts';
import { igFollowers } from '../meta/insights.ts';
import { deadToken, fail, faulted, type GraphCall, graphError, graphTime, isGraphError, missingToken, paginate, parseFields, pick, sendOk, unsupportedGet } from './http.ts';
import type { FbPage, FbToken, FbUser, IgAccount } from './model.ts';

export interface Checked {
  token: FbToken;
  user: FbUser;
}

/** Records the call, applies a fault, then checks the token; undefined when an answer was already sent. */
export async function withToken(call: GraphCall, endpoint: string, accountId: string | undefined, data: boolean): Promise<Checked | undefined> {
  const known = call.token ? call.fb.token(call.token) : undefined;
  if (await faulted(call, endpoint, accountId ?? known?.userId, known?.clientId)) return undefined;
  if (!call.token) return void fail(call, missingToken);
  const check = call.fb.check(call.token, { data });
  if (!check.ok) return void fail(call, deadToken(call, check.subcode, check.token));
  return check;
}

export function noPermission(call: GraphCall, message = '(#10) Application does not have permission for this action', code = 10): FastifyReply {
  return fail(call, graphError(403, code, message));
}

export function reaches(call: GraphCall, token: FbToken, pageId: string): boolean {
  return call.fb.reachablePages(token).some((p) => p.id === pageId);
}

/** The Page's picture, a signed link that expires like every Meta CDN link (core/cdn.ts); the CDN draws it 128 pixels square. */
function pictureOf(world: World, page: FbPage): unknown {
  return { data: { height: 128, is_silhouette: false, url: signedCdnUrl(world, 'scontent.xx.fbcdn.net', `/sandbox/avatars/page-${page.id}.jpg`), width: 128 } };
}

function igNode(world: World, ig: IgAccount, nowMs: number): Record<string, unknown> {
  return {
    id: ig.id,
    username: ig.username,
    name: ig.name,
    profile_picture_url: signedCdnUrl(world, 'scontent.cdninstagram.com', `/sandbox/avatars/${encodeURIComponent(ig.username)}.jpg`),
    followers_count: igFollowers(ig, nowMs),
    follows_count: 150,
    media_count: ig.mediaCount,
    biography: `${ig.name} on Instagram`,
  };
}

/** The Page's fields; the linked Instagram account is shown only with instagram_basic (inferred). */
function pageNode(call: GraphCall, page: FbPage, token: FbToken, igFields: string | undefined): Record<string, unknown> {
  const ig = page.igId === undefined ? undefined : call.fb.instagram(page.igId);
  let linked: unknown;
  if (ig && token.scopes.includes('instagram_basic')) {
    const sub = pick(igNode(call.world, ig, call.fb.clock.now().getTime()), parseFields(igFields, 'id'), 'IGUser');
    linked = isGraphError(sub) ? { id: ig.id } : { ...sub, id: ig.id };
  }
  return {
    id: page.id,
    name: page.name,
    username: page.username ?? undefined,
    category: page.category,
    followers_count: followersAt(page.id, page.followersCount, page.createdAtMs, call.fb.clock.now().getTime()),
    link: `https://www.facebook.com/${page.username ?? page.id}`,
    picture: pictureOf(call.world, page),
    instagram_business_account: linked,
    tasks: page.roles[token.userId],
    access_token: undefined,
  };
}

export async function me(call: GraphCall): Promise<unknown> {
  const checked = await withToken(call, 'me', undefined, false);
  if (!checked) return;
  const { token, user } = checked;
  if (token.kind === 'page') return node(call, token.pageId!, checked);
  const all = {
    id: user.id,
    name: user.name,
    picture: { data: { height: 128, is_silhouette: true, url: signedCdnUrl(call.world, 'scontent.xx.fbcdn.net', '/sandbox/avatars/silhouette.jpg'), width: 128 } },
  };
  const out = pick(all, parseFields(call.query.fields, 'id,name'), 'User');
  return isGraphError(out) ? fail(call, out) : sendOk(call, { ...out, id: user.id }, { endpoint: 'me' });
}

/** `/{user}/accounts`: the Pages picked on the consent screen, each with its Page token and tasks. */
export async function accounts(call: GraphCall): Promise<unknown> {
  const checked = await withToken(call, 'accounts', undefined, true);
  if (!checked) return;
  const { token, user } = checked;
  const owner = call.segments[0]!;
  if (token.kind === 'page') return fail(call, graphError(400, 100, '(#100) Tried accessing nonexisting field (accounts) on node type (Page)'));
  if (owner !== 'me' && owner !== user.id) return fail(call, unsupportedGet(owner));
  // Without pages_show_list the edge lists nothing (inferred; Meta documents the permission as required).
  const pages = token.scopes.includes('pages_show_list') ? call.fb.reachablePages(token) : [];
  const fields = parseFields(call.query.fields, 'id,name,access_token,category,tasks');
  const items: Record<string, unknown>[] = [];
  for (const page of pages) {
    const all = { ...pageNode(call, page, token, fields.get('instagram_business_account')), access_token: call.fb.pageToken(token, page).value };
    const out = pick(all, fields, 'Page');
    if (isGraphError(out)) return fail(call, out);
    items.push({ ...out, id: page.id });
  }
  return sendOk(call, paginate(call, items, `${owner}/accounts`), { endpoint: 'accounts' });
}

/** `GET /{id}`: a Page or an Instagram professional account. */
export async function node(call: GraphCall, id: string, already?: Checked): Promise<unknown> {
  const checked = already ?? (await withToken(call, 'node', id, true));
  if (!checked) return;
  const { token } = checked;
  const ig = call.fb.instagram(id);
  const page = ig ? call.fb.page(ig.pageId) : call.fb.page(id);
  if (!page || !reaches(call, token, page.id)) return fail(call, unsupportedGet(id));
  const fields = parseFields(call.query.fields, ig ? 'id' : 'id,name');
  if (ig) {
    if (!token.scopes.includes('instagram_basic')) return noPermission(call);
    const out = pick(igNode(call.world, ig, call.fb.clock.now().getTime()), fields, 'IGUser');
    return isGraphError(out) ? fail(call, out) : sendOk(call, { ...out, id: ig.id }, { endpoint: 'node', igId: ig.id, pageId: token.kind === 'page' ? page.id : undefined });
  }
  const all = { ...pageNode(call, page, token, fields.get('instagram_business_account')), access_token: token.kind === 'page' ? undefined : call.fb.pageToken(token, page).value };
  const out = pick(all, fields, 'Page');
  return isGraphError(out) ? fail(call, out) : sendOk(call, { ...out, id: page.id }, { endpoint: 'node', pageId: page.id });
}

const MEDIA_TYPES = ['IMAGE', 'VIDEO', 'IMAGE', 'CAROUSEL_ALBUM', 'IMAGE'] as const;

/** The i-th newest post of an Instagram account: generated, so a million accounts cost nothing. */
export function mediaOf(world: World, ig: IgAccount, i: number): Record<string, unknown> {
  const id = `18${ig.id.slice(-9)}${String(i).padStart(6, '0')}`;
  const shortcode = createHash('sha1').update(id).digest('base64url').slice(0, 11);
  const mediaType = MEDIA_TYPES[i % MEDIA_TYPES.length]!;
  const video = mediaType === 'VIDEO';
  return {
    id,
    caption: `${ig.name} post #${ig.mediaCount - i}`,
    media_type: mediaType,
    media_product_type: video ? 'REELS' : 'FEED',
    media_url: instagramCdnUrl(world, `${id}.${video ? 'mp4' : 'jpg'}`),
    thumbnail_url: video ? instagramCdnUrl(world, `${id}-thumb.jpg`) : undefined,
    permalink: `https://www.instagram.com/${video ? 'reel' : 'p'}/${shortcode}/`,
    shortcode,
    timestamp: graphTime(ig.createdAtMs - (i + 1) * 36 * 3_600_000),
    like_count: 40 + ((i * 37) % 400),
    comments_count: (i * 7) % 30,
    username: ig.username,
    is_comment_enabled: true,
  };
}

/** `GET /{ig-id}/media`, newest first, cursor-paged; needs instagram_basic. */
export async function media(call: GraphCall, igId: string): Promise<unknown> {
  const checked = await withToken(call, 'media', igId, true);
  if (!checked) return;
  const ig = call.fb.instagram(igId);
  if (!ig || !reaches(call, checked.token, ig.pageId)) return fail(call, unsupportedGet(igId));
  if (!checked.token.scopes.includes('instagram_basic')) return noPermission(call);
  const fields = parseFields(call.query.fields, 'id');
  // A linked account's feed is its Instagram Login feed, the same media under the same ids.
  const login = call.fb.instagramLogin(ig);
  const list = login
    ? ((f) => ({ count: f.count, at: (i: number) => mediaNode(call.world, login, f.at(i)) }))(feed(login))
    : { count: ig.mediaCount, at: (i: number) => mediaOf(call.world, ig, i) };
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < list.count; i++) {
    const node = list.at(i);
    const out = pick(node, fields, 'IGMedia');
    if (isGraphError(out)) return fail(call, out);
    items.push({ ...out, id: node.id });
  }
  return sendOk(call, paginate(call, items, `${igId}/media`), { endpoint: 'media', igId });
}

export const POSTS_PER_PAGE = 12;

/**
 * Every other post has a photo (every fourth a video, whose image is its poster frame); status updates have
 * none. The sub-field selection `attachments{…}` is not applied: the whole attachment comes back.
 */
function attachmentsOf(world: World, id: string, i: number): unknown {
  if (i % 2 === 1) return undefined;
  const video = i % 4 === 2;
  const image = { height: 720, src: signedCdnUrl(world, 'scontent.xx.fbcdn.net', `/sandbox/${id}.jpg`), width: 720 };
  const target = { id: id.split('_')[1], url: `https://www.facebook.com/${video ? 'watch/?v=' : 'photo/?fbid='}${id.split('_')[1]}` };
  return { data: [{ media_type: video ? 'video' : 'photo', media: { image }, target, type: video ? 'video_inline' : 'photo' }] };
}

/** `GET /{page-id}/posts` and `/published_posts`; needs pages_read_engagement. */
export async function posts(call: GraphCall, pageId: string): Promise<unknown> {
  const checked = await withToken(call, 'posts', pageId, true);
  if (!checked) return;
  const page = call.fb.page(pageId);
  if (!page || !reaches(call, checked.token, pageId)) return fail(call, unsupportedGet(pageId));
  if (!checked.token.scopes.includes('pages_read_engagement')) {
    return noPermission(call, "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.");
  }
  const fields = parseFields(call.query.fields, 'id,message,created_time');
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < POSTS_PER_PAGE; i++) {
    const id = `${page.id}_${String(1_000_000_000 + POSTS_PER_PAGE - i)}`;
    const all = {
      id,
      message: `${page.name}: update ${POSTS_PER_PAGE - i}`,
      created_time: graphTime(page.createdAtMs - (i + 1) * 48 * 3_600_000),
      permalink_url: `https://www.facebook.com/${page.id}/posts/${id.split('_')[1]}`,
      full_picture: i % 2 === 0 ? signedCdnUrl(call.world, 'scontent.xx.fbcdn.net', `/sandbox/${id}.jpg`) : undefined,
      status_type: i % 4 === 2 ? 'added_video' : i % 2 === 0 ? 'added_photos' : 'mobile_status_update',
      attachments: attachmentsOf(call.world, id, i),
    };
    const out = pick(all, fields, 'PagePost');
    if (isGraphError(out)) return fail(call, out);
    items.push({ ...out, id });
  }
  return sendOk(call, paginate(call, items, `${pageId}/${call.segments[1]}`), { endpoint: 'posts', pageId });
}
