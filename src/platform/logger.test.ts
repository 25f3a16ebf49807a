import { expect, it } from 'vitest';
import { loggedUrl } from './logger.ts';

it('request URLs are logged without their query string or the link token in their path', () => {
  expect(loggedUrl('/oauth/callback/instagram?code=abc&state=def')).toBe('/oauth/callback/instagram');
  expect(loggedUrl('/portal/open/Ck3x_tok-en')).toBe('/portal/open/[redacted]');
  expect(loggedUrl('/connect/Ck3x_tok-en')).toBe('/connect/[redacted]');
  expect(loggedUrl('/connect/choose/Ck3x_tok-en')).toBe('/connect/choose/[redacted]');
  expect(loggedUrl('/portal/channels/con_1/disconnect')).toBe('/portal/channels/con_1/disconnect');
  expect(loggedUrl('/v1/connections/con_1')).toBe('/v1/connections/con_1');
});
