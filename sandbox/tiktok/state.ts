/**
 * What a state file keeps of the simulated TikTok: accounts (with videos and event epochs), grants and
 * tokens, with references written as ids and usernames. Codes, the rate-limit window and config are not kept.
 */
import { z } from 'zod';
import type { AccessToken, Account, Grant, RefreshToken } from './model.ts';

const videoSchema = z.object({
  id: z.string(),
  fixed: z.boolean().optional(),
  createTime: z.number(),
  description: z.string(),
  title: z.string(),
  duration: z.number(),
  height: z.number(),
  width: z.number(),
  viewCount: z.number(),
  likeCount: z.number(),
  commentCount: z.number(),
  shareCount: z.number(),
  isAigc: z.boolean(),
});

const accountSchema = z.object({
  openId: z.string(),
  unionId: z.string(),
  username: z.string(),
  displayName: z.string(),
  bio: z.string(),
  isVerified: z.boolean(),
  followerCount: z.number(),
  followingCount: z.number(),
  likesCount: z.number(),
  videos: z.array(videoSchema),
  createdAtMs: z.number().optional(),
  grantedScopes: z.array(z.string()).optional(),
  status: z.enum(['active', 'banned', 'deleted']),
  epoch: z.number().int().min(0),
  bulk: z.boolean().optional(),
});

const grantSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  clientKey: z.string(),
  scopes: z.array(z.string()),
  epoch: z.number().int().min(0),
  refreshEndMs: z.number(),
  revokedAtMs: z.number().optional(),
});

const tokenSchema = z.object({
  value: z.string(),
  grantId: z.number().int(),
  issuedAtMs: z.number(),
  expiresAtMs: z.number(),
  supersededAtMs: z.number().optional(),
});

const stateSchema = z.object({
  seq: z.number().int().min(0),
  grantSeq: z.number().int().min(0),
  accounts: z.array(accountSchema),
  grants: z.array(grantSchema),
  accessTokens: z.array(tokenSchema),
  refreshTokens: z.array(tokenSchema),
});

export type TikTokState = z.infer<typeof stateSchema>;

export interface TikTokRecords {
  seq: number;
  grantSeq: number;
  accounts: Account[];
  grants: Grant[];
  access: AccessToken[];
  refresh: RefreshToken[];
}

export function exportTikTokState(records: TikTokRecords): TikTokState {
  const token = (t: AccessToken | RefreshToken) => {
    const { grant, ...rest } = t;
    return { ...rest, grantId: grant.id };
  };
  return {
    seq: records.seq,
    grantSeq: records.grantSeq,
    accounts: records.accounts.map((a) => ({ ...a, videos: a.videos.map((v) => ({ ...v })) })),
    grants: records.grants.map(({ account, ...g }) => ({ ...g, username: account.username })),
    accessTokens: records.access.map(token),
    refreshTokens: records.refresh.map(token),
  };
}

/** The records of a saved state, or undefined when it is not one; grants and tokens naming nothing known are dropped. */
export function importTikTokState(state: unknown): TikTokRecords | undefined {
  const parsed = stateSchema.safeParse(state);
  if (!parsed.success) return undefined;
  const saved = parsed.data;
  const accounts = new Map<string, Account>(saved.accounts.map((a) => [a.username, { ...a }]));
  const grants = new Map<number, Grant>();
  for (const { username, ...g } of saved.grants) {
    const account = accounts.get(username);
    if (account) grants.set(g.id, { ...g, account });
  }
  const tokens = <T extends AccessToken | RefreshToken>(list: TikTokState['accessTokens']): T[] =>
    list.flatMap(({ grantId, ...t }) => {
      const grant = grants.get(grantId);
      return grant ? [{ ...t, grant } as T] : [];
    });
  return {
    seq: saved.seq,
    grantSeq: saved.grantSeq,
    accounts: [...accounts.values()],
    grants: [...grants.values()],
    access: tokens<AccessToken>(saved.accessTokens),
    refresh: tokens<RefreshToken>(saved.refreshTokens),
  };
}
