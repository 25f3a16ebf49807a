/**
 * graph.instagram.com `GET [/vN.N]/{ig-media-id}`: one IG Media node, with `children{…}` for a carousel
 * (its items' own fields). Needs instagram_business_basic and a token of the account that posted it; any
 * other id answers Graph's "does not exist, cannot be loaded due to missing permissions". Every read signs
 * the node's CDN links anew (core/cdn.ts), which is how a caller gets a working link for an old post.
 * Docs: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media and …/children
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { paramError, sendGraphError } from '../meta/graph-errors.ts';
import { checkError, faulted, missingToken, one, type Query, sendGraphOk, tokenFrom } from './http.ts';
import { carouselChildren, findMedia, mediaNode } from './media.ts';

const NODE_FIELDS = new Set([
  'id',
  'caption',
  'media_type',
  'media_product_type',
  'media_url',
  'thumbnail_url',
  'permalink',
  'shortcode',
  'timestamp',
  'like_count',
  'comments_count',
  'username',
  'is_comment_enabled',
  'children',
]);
const CHILD_FIELDS = new Set(['id', 'media_type', 'media_url', 'thumbnail_url', 'timestamp']);

/** `a,b,children{c,d}` → [['a'], ['b'], ['children', 'c,d']]: commas inside braces do not split. */
function fieldList(text: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === ',' || c === undefined) && depth === 0) {
      const part = text.slice(start, i).trim();
      start = i + 1;
      const brace = part.indexOf('{');
      if (part) out.push(brace < 0 ? [part, undefined] : [part.slice(0, brace).trim(), part.slice(brace + 1, part.lastIndexOf('}'))]);
    }
  }
  return out;
}

function pickFields(all: Record<string, unknown>, fields: [string, string | undefined][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [f] of fields) if (all[f] !== undefined) out[f] = all[f];
  return out;
}

export async function mediaById(world: World, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const id = (req.params as { id: string }).id;
  const value = tokenFrom(req);
  const known = value ? world.instagram.token(value) : undefined;
  if (await faulted(world, reply, 'media_node', 'graph', known?.account.userId, known?.clientId)) return;
  if (!value) return sendGraphError(reply, missingToken);
  const check = world.instagram.check(value);
  if (!check.ok) return sendGraphError(reply, checkError(world, check));
  const { account, scopes } = check.token;
  const missing = paramError(
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    100,
  );
  if (!scopes.includes('instagram_business_basic'))
    return sendGraphError(reply, { ...paramError('(#10) Application does not have permission for this action', 10), type: 'OAuthException' });
  const found = findMedia(world, id);
  if (!found || found.account.userId !== account.userId) return sendGraphError(reply, { ...missing, subcode: 33 });
  const fields = fieldList(one((req.query as Query).fields) ?? 'id');
  const unknown = fields.find(([f]) => !NODE_FIELDS.has(f)) ?? fields.flatMap(([, sub]) => (sub === undefined ? [] : fieldList(sub))).find(([f]) => !CHILD_FIELDS.has(f));
  if (unknown) return sendGraphError(reply, paramError(`(#100) Tried accessing nonexisting field (${unknown[0]}) on node type (IGMedia)`));
  const all: Record<string, unknown> = mediaNode(world, account, found.media);
  const childFields = fields.find(([f]) => f === 'children')?.[1] ?? 'id';
  if (found.media.mediaType === 'CAROUSEL_ALBUM') {
    all.children = { data: carouselChildren(world, found.media).map((child) => ({ ...pickFields(child, fieldList(childFields)), id: child.id })) };
  }
  return sendGraphOk(world, reply, 'media_node', account.userId, { ...pickFields(all, fields), id: found.media.id }, check.token.clientId);
}
