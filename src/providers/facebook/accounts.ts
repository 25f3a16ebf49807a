/**
 * The accounts Facebook Login reaches, as ProviderAccount: Pages from `/me/accounts` or a Page node, and
 * the Instagram professional accounts linked to them (`instagram_business_account`).
 */
import type { ProviderAccount } from '../provider.ts';

type Json = Record<string, unknown>;

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function pageAccount(page: Json, token: string | undefined): ProviderAccount | undefined {
  if (typeof page.id !== 'string') return undefined;
  const picture = (page.picture as { data?: { url?: unknown } } | undefined)?.data?.url;
  return {
    accountId: page.id,
    network: 'facebook',
    username: str(page.username),
    displayName: str(page.name),
    accountType: 'PAGE',
    avatarUrl: str(picture),
    eligible: true,
    ...(token === undefined ? {} : { accountAccessToken: token }),
  };
}

export function instagramAccount(ig: Json, token: string | undefined): ProviderAccount | undefined {
  if (typeof ig.id !== 'string') return undefined;
  return {
    accountId: ig.id,
    network: 'instagram',
    username: str(ig.username),
    displayName: str(ig.name),
    // Only professional accounts can be linked to a Page; Graph's IG User node does not say which kind.
    accountType: 'BUSINESS',
    avatarUrl: str(ig.profile_picture_url),
    eligible: true,
    ...(token === undefined ? {} : { accountAccessToken: token }),
  };
}
