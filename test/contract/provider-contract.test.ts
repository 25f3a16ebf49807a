import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/provider.ts';
import { contractCases, providerError, skipReason } from './provider-contract.ts';

describe('skipping a contract case', () => {
  it('a case that is not listed runs', () => {
    expect(skipReason(undefined, 'refresh')).toBeUndefined();
    expect(skipReason({ timeout: 'the sandbox cannot hang' }, 'refresh')).toBeUndefined();
  });

  it('a listed case is skipped with its reason', () => {
    expect(skipReason({ refresh: 'TikTok rotates refresh tokens; see its own cases' }, 'refresh')).toBe('TikTok rotates refresh tokens; see its own cases');
  });

  it('a skip without a reason is refused', () => {
    expect(() => skipReason({ refresh: '  ' }, 'refresh')).toThrow(/without a reason/);
  });

  it('every case has a distinct name', () => {
    expect(new Set(contractCases).size).toBe(contractCases.length);
  });
});

describe('expecting a provider error', () => {
  it('gives back the ProviderError a call failed with', async () => {
    const error = new ProviderError('transient', 'x');
    expect(await providerError(Promise.reject(error))).toBe(error);
  });

  it('fails when the call succeeds or fails with something else', async () => {
    await expect(providerError(Promise.resolve(1))).rejects.toThrow(/call succeeded/);
    await expect(providerError(Promise.reject(new TypeError('boom')))).rejects.toThrow(/expected a ProviderError/);
  });
});
