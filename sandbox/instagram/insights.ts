/**
 * graph.instagram.com insights edges (instagram_business_manage_insights):
 *
 *   GET [/vN.N]/{media-id}/insights          a post's, reel's or story's lifetime figures (meta/insights.ts)
 *   GET [/vN.N]/me/insights, /{ig-user-id}/insights   the account's figures and follower demographics
 *
 * A media that is not the token's account's, does not exist, or is a story past its 24 hours answers
 * "Unsupported get request" (100/33): an expired story can no longer be loaded (inferred; Meta documents
 * only that story insights are available for 24 hours). Docs:
 * https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { type GraphError, paramError, sendGraphError } from '../meta/graph-errors.ts';
import { accountInsights, type InsightsAnswer, mediaInsights } from '../meta/insights.ts';
import { STORY_LIFETIME_MS } from '../meta/metrics.ts';
import { checkError, faulted, missingToken, sendGraphOk, tokenFrom } from './http.ts';
import { findMedia } from './media.ts';

const SCOPE = 'instagram_business_manage_insights';

function unsupportedGet(id: string): GraphError {
  return {
    ...paramError(`Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`),
    subcode: 33,
  };
}

function send(world: World, reply: FastifyReply, answer: InsightsAnswer, userId: string, clientId: string): FastifyReply {
  if ('code' in answer) return sendGraphError(reply, paramError(answer.message, answer.code));
  return sendGraphOk(world, reply, 'insights', userId, { data: answer.data }, clientId);
}

export async function insights(world: World, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const { id } = req.params as { id: string };
  const value = tokenFrom(req);
  const known = value ? world.instagram.token(value) : undefined;
  const ofAccount = id === 'me' || id === known?.account.userId;
  if (await faulted(world, reply, ofAccount ? 'user_insights' : 'media_insights', 'graph', known?.account.userId, known?.clientId)) return;
  if (!value) return sendGraphError(reply, missingToken);
  const check = world.instagram.check(value);
  if (!check.ok) return sendGraphError(reply, checkError(world, check));
  const { account, scopes, clientId } = check.token;
  if (!scopes.includes(SCOPE)) return sendGraphError(reply, { ...paramError('(#10) Application does not have permission for this action', 10), type: 'OAuthException' });
  const query = req.query as Record<string, string | undefined>;
  const now = world.clock.now().getTime();
  if (ofAccount)
    return send(
      world,
      reply,
      accountInsights(query, { id: account.userId, followersCount: account.followersCount, createdAtMs: account.createdAtMs }, now),
      account.userId,
      clientId,
    );
  const found = findMedia(world, id);
  const media = found?.account === account && found.media.publishedAtMs <= now ? found.media : undefined;
  if (!media || (media.productType === 'STORY' && now >= media.publishedAtMs + STORY_LIFETIME_MS)) return sendGraphError(reply, unsupportedGet(id));
  return send(world, reply, mediaInsights(query, media, now, world.instagram.metrics), account.userId, clientId);
}
