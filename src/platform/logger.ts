/**
 * The logger. Token-shaped fields are redacted wherever they appear, and request URLs are logged
 * without their query string (OAuth codes and states travel there) and without the link tokens some
 * paths carry (connect links, account choices, Channels page links).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const redactedPaths = [
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'token',
  'code',
  'state',
  'apiKey',
  'password',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.token',
  '*.code',
  '*.state',
  '*.apiKey',
  '*.password',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

const tokenInPath = /^(\/portal\/open\/|\/connect\/(?:choose\/)?)[^/]+/;

/** A request URL as logged: no query string, no link token. */
export function loggedUrl(url: string | undefined): string | undefined {
  return url?.split('?')[0]?.replace(tokenInPath, '$1[redacted]');
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, url: loggedUrl(req.url) }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
