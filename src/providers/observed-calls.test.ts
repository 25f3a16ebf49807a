import { expect, it } from 'vitest';
import { createMetrics } from '../platform/metrics.ts';
import { observeCalls } from './observed-calls.ts';
import { ProviderError } from './provider.ts';

/** An adapter-shaped object with a private member, as the real adapters have. */
class FakeAdapter {
  readonly id = 'tiktok';
  #calls = 0;
  async refreshToken(current: { refreshToken: string }): Promise<string> {
    this.#calls++;
    if (current.refreshToken === 'dead') throw new ProviderError('reauth_required', 'refused', { providerCode: 'invalid_grant' });
    if (current.refreshToken === 'bug') throw new TypeError('a bug');
    return `fresh-${this.#calls}`;
  }
  async listMedia(): Promise<string[]> {
    return [];
  }
  calls(): number {
    return this.#calls;
  }
}

it('each measured method is counted with its network, endpoint and outcome: ok, the ProviderError kind, or error', async () => {
  const metrics = createMetrics();
  const adapter = observeCalls(new FakeAdapter(), 'tiktok', { refreshToken: 'token_refresh' }, metrics);
  expect(await adapter.refreshToken({ refreshToken: 'alive' })).toBe('fresh-1');
  await expect(adapter.refreshToken({ refreshToken: 'dead' })).rejects.toMatchObject({ kind: 'reauth_required' });
  await expect(adapter.refreshToken({ refreshToken: 'bug' })).rejects.toThrow(TypeError);
  await adapter.listMedia();
  const text = await metrics.exposition();
  const count = (outcome: string) =>
    new RegExp(`channelkeeper_provider_call_duration_seconds_count\\{network="tiktok",endpoint="token_refresh",outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1];
  expect([count('ok'), count('reauth_required'), count('error')]).toEqual(['1', '1', '1']);
  // Only the methods named are measured; the others, and the adapter's own fields, are the adapter's.
  expect(text).not.toContain('endpoint="listMedia"');
  expect(adapter.id).toBe('tiktok');
  expect(adapter.calls()).toBe(3);
  expect(adapter).toBeInstanceOf(FakeAdapter);
});
