/**
 * graph.facebook.com `GET /{ig-media-id}`: an Instagram media reached through a Page (its Page or user
 * token must reach the Page, with instagram_basic), with `children{…}` for a carousel, as Instagram
 * Login's node answers it (instagram/media-node.ts). Every read signs the CDN links anew.
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media
 */
import { carouselChildren } from '../instagram/media.ts';
import type { PublishedMedia } from '../instagram/model.ts';
import { noPermission, reaches, withToken } from './graph.ts';
import { fail, type GraphCall, isGraphError, parseFields, pick, sendOk, unsupportedGet } from './http.ts';
import type { IgMediaRef } from './stories.ts';

export async function igMediaNode(call: GraphCall, found: IgMediaRef): Promise<unknown> {
  const checked = await withToken(call, 'media_node', found.ig.id, true);
  if (!checked) return;
  if (!reaches(call, checked.token, found.ig.pageId)) return fail(call, unsupportedGet(found.id));
  if (!checked.token.scopes.includes('instagram_basic')) return noPermission(call);
  const fields = parseFields(call.query.fields, 'id');
  const all: Record<string, unknown> = { ...found.node, children: undefined };
  if (found.node.media_type === 'CAROUSEL_ALBUM') {
    const childFields = parseFields(fields.get('children'), 'id');
    const children: Record<string, unknown>[] = [];
    for (const child of carouselChildren(call.world, { id: found.id, publishedAtMs: found.publishedAtMs } as PublishedMedia)) {
      const out = pick(child, childFields, 'IGMedia');
      if (isGraphError(out)) return fail(call, out);
      children.push({ ...out, id: child.id });
    }
    all.children = { data: children };
  }
  const out = pick(all, fields, 'IGMedia');
  return isGraphError(out) ? fail(call, out) : sendOk(call, { ...out, id: found.id }, { endpoint: 'media_node', igId: found.ig.id });
}
