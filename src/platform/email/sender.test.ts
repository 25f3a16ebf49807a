import { describe, expect, it } from 'vitest';
import { addressOf, fromHeader } from './sender.ts';

describe('the From header', () => {
  it('puts the brand’s sender name in front of the configured address, which never changes', () => {
    expect(fromHeader('Channelkeeper <no-reply@ck.example>', 'Acme Creators')).toBe('Acme Creators <no-reply@ck.example>');
    expect(fromHeader('creators@acme.example', 'Acme Team')).toBe('Acme Team <creators@acme.example>');
    expect(addressOf('"Acme, Inc." <a@acme.example>')).toBe('a@acme.example');
  });

  it('quotes a name with specials, and cannot be made to add a header', () => {
    expect(fromHeader('a@acme.example', 'Acme, Inc. "Studio"')).toBe('"Acme, Inc. \\"Studio\\"" <a@acme.example>');
    expect(fromHeader('a@acme.example', 'Acme\r\nBcc: x@evil.example')).toBe('"Acme Bcc: x@evil.example" <a@acme.example>');
  });

  it('keeps the configured From when there is no name', () => {
    expect(fromHeader('Channelkeeper <no-reply@ck.example>', '  ')).toBe('Channelkeeper <no-reply@ck.example>');
  });
});
