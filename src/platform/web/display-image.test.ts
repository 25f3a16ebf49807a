import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../providers/http.ts';
import { displayImageUrls } from './display-image.ts';

const sandbox = 'http://127.0.0.1:9100';
const throughSandbox = displayImageUrls(
  createHttpClient({
    originMap: { 'https://scontent.cdninstagram.com': `${sandbox}/scontent.cdninstagram.com`, 'https://i.ytimg.com': `${sandbox}/i.ytimg.com` },
    timeoutMs: 1000,
  }),
);
const production = displayImageUrls(createHttpClient({ originMap: {}, timeoutMs: 1000 }));

describe('a network’s picture link as the reader’s browser loads it', () => {
  it('goes where PROVIDER_ORIGIN_MAP sends the service’s own calls, keeping the path and the signed query', () => {
    expect(throughSandbox('https://scontent.cdninstagram.com/sandbox/avatars/ana.jpg?oh=00_abc&oe=6A1B2C3D')).toBe(
      'http://127.0.0.1:9100/scontent.cdninstagram.com/sandbox/avatars/ana.jpg?oh=00_abc&oe=6A1B2C3D',
    );
    expect(throughSandbox('https://i.ytimg.com/vi/abc/mqdefault.jpg')).toBe('http://127.0.0.1:9100/i.ytimg.com/vi/abc/mqdefault.jpg');
  });

  it('is the network’s own link when the map does not name its host, and always in production', () => {
    expect(throughSandbox('https://cdn.example/p.jpg')).toBe('https://cdn.example/p.jpg');
    expect(production('https://scontent.cdninstagram.com/v/t51/p.jpg?oe=1')).toBe('https://scontent.cdninstagram.com/v/t51/p.jpg?oe=1');
  });

  it('is null when there is nothing a browser should load: no link, not a URL, or not http(s)', () => {
    expect(production(null)).toBeNull();
    expect(production(undefined)).toBeNull();
    expect(production('')).toBeNull();
    expect(production('not a url')).toBeNull();
    expect(production('javascript:alert(1)')).toBeNull();
    expect(production('data:image/png;base64,AAAA')).toBeNull();
  });
});
