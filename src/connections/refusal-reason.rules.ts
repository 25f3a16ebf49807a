/**
 * Why a refresh was refused, in the words the creator will read. A rotating network's refusal after an
 * attempt whose answer we never stored is ambiguous: OAuth's `invalid_grant` (or Meta's bare 190) says the
 * same whether the creator revoked access or the network rotated the token and its answer was lost on the way.
 * Only then do we say `refresh_lost`. A reason only the account's owner can cause (a changed password, the app
 * removed in the network's settings, a security checkpoint) cannot come from a spent token, so it wins.
 */
import type { ProviderError } from '../providers/provider.ts';

/** Reasons a network gives for an act of the account's owner: never the effect of a token we spent. */
const OWNER_ACTS: ReadonlySet<string> = new Set(['password_changed', 'app_removed', 'checkpoint', 'unconfirmed_user']);

export function refusalReason(failure: Pick<ProviderError, 'kind' | 'reason'>, tokenMaybeSpent: boolean): string {
  const said = failure.reason ?? 'revoked';
  if (!tokenMaybeSpent || failure.kind !== 'reauth_required') return said;
  return OWNER_ACTS.has(said) ? said : 'refresh_lost';
}
