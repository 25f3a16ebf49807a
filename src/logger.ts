/**
 * The logger. Token-shaped fields are redacted wherever they appear, and request URLs are logged
 * without their query string (OAuth codes and states travel there).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const redactedPaths = [
  'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'token', 'code', 'state', 'apiKey', 'password',
  '*.accessToken', '*.access_token', '*.refreshToken', '*.refresh_token', '*.token', '*.code', '*.state', '*.apiKey', '*.password',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
