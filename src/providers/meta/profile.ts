/**
 * What Instagram's and Facebook's profiles share: both logins run on Meta apps, and Meta counts the
 * app's calls of both against one limit.
 */
import { HOUR } from '../../kernel/clock.ts';
import type { Budget } from '../network-profile.ts';

/**
 * Meta's app limit, 200 calls × daily active users per rolling hour for Instagram and Facebook together
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting). Our daily users are the
 * creators, so the default is modest; a fixed window can let two windows' worth through around a
 * boundary, so it stays below the limit.
 */
export const metaAppBudget: Budget = { key: 'meta:app', scope: 'app', limit: 20_000, windowMs: HOUR };
