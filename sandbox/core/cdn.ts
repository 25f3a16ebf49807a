/**
 * The networks' media CDNs: real small files (core/media-files.ts) at the addresses the APIs hand out.
 *
 * Meta's CDN links (scontent.cdninstagram.com, scontent.xx.fbcdn.net) are signed and expire: `oe` is the
 * expiry in hex Unix seconds and `oh` the signature over the path and `oe`; past `oe` the CDN answers
 * 403 "URL signature expired", and a link whose `oh` does not match answers 403 "URL signature mismatch"
 * (observed, docs/networks.md#media-files). The API mints a new link at every read, `cdnLinkSeconds`
 * (default 4 days) from the sandbox clock. Pinterest's pinimg.com links do not expire.
 *
 * TikTok's links (p16-sign-va.tiktokcdn.com) carry `x-expires`, past which the CDN answers 403; YouTube's
 * (i.ytimg.com, yt3.ggpht.com) do not expire.
 *
 * The file is chosen by the link's name: `<seed>.jpg` a JPEG, `<seed>.png` a PNG, `<seed>.mp4` an H.264
 * video (padded to `cdnVideoBytes` when that is set, to test size limits and streaming), where `<seed>`
 * (a media id, `-thumb` for a video's cover, `-c1` for a carousel's first child) draws the colours, at the
 * size the link names (core/cdn-files.ts): profile pictures are small squares, posts' pictures larger.
 * Every answer is a `cdn` call in the call log, and `cdn` faults apply (http_500, timeout).
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cdnFile } from './cdn-files.ts';
import { sendTransportFault } from './faults.ts';
import { jpeg, mp4, padded, png } from './media-files.ts';
import type { World } from './world.ts';

/** Hosts whose links carry an expiring signature, and hosts whose links do not. */
const SIGNED_HOSTS = ['scontent.cdninstagram.com', 'scontent.xx.fbcdn.net'];
const OPEN_HOSTS = ['i.pinimg.com', 'v1.pinimg.com', 'i.ytimg.com', 'yt3.ggpht.com'];
const EXPIRING_HOSTS = ['p16-sign-va.tiktokcdn.com'];
const KEY = 'sandbox-cdn-signing-key';

function signature(path: string, oe: string): string {
  return `00_${createHmac('sha256', KEY).update(`${path}|${oe}`).digest('base64url').slice(0, 43)}`;
}

/** A signed Meta CDN link to `path` (e.g. `/sandbox/1800…01.jpg`) valid `cdnLinkSeconds` from `nowMs`. */
export function signedCdnUrl(world: World, host: string, path: string): string {
  const oe = Math.floor(world.clock.now().getTime() / 1000 + world.config.cdnLinkSeconds)
    .toString(16)
    .toUpperCase();
  return `https://${host}${path}?_nc_cat=1&ccb=7-5&oh=${signature(path, oe)}&oe=${oe}`;
}

/**
 * A Meta profile picture's link (`https://scontent.cdninstagram.com/sandbox/avatars/ana.jpg`, as the world
 * stores it) signed anew at each read, as Graph hands out `profile_picture_url`: it too expires.
 */
export function signedPictureUrl(world: World, stored: string): string {
  const url = new URL(stored);
  return SIGNED_HOSTS.includes(url.host) ? signedCdnUrl(world, url.host, url.pathname) : stored;
}

/** Instagram's CDN link for a file of a media (`<id>.jpg`, `<id>-thumb.jpg`, `<id>.mp4`…). */
export const instagramCdnUrl = (world: World, file: string): string => signedCdnUrl(world, 'scontent.cdninstagram.com', `/sandbox/${file}`);

type Check = { ok: true } | { ok: false; text: string };

function checkSignature(world: World, path: string, query: Record<string, unknown>): Check {
  const oe = typeof query.oe === 'string' ? query.oe : undefined;
  const oh = typeof query.oh === 'string' ? query.oh : undefined;
  if (!oe || !/^[0-9A-F]{8}$/i.test(oe)) return { ok: false, text: 'Bad URL timestamp' };
  if (oh !== signature(path, oe.toUpperCase())) return { ok: false, text: 'URL signature mismatch' };
  if (Number.parseInt(oe, 16) * 1000 <= world.clock.now().getTime()) return { ok: false, text: 'URL signature expired' };
  return { ok: true };
}

async function serve(world: World, host: string, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  world.calls.record('cdn');
  const fault = world.faults.take('cdn');
  if (fault) return (await sendTransportFault(reply, fault, world.faults)) ?? reply.code(500).send();
  const path = `/${(req.params as { '*': string })['*']}`;
  const query = req.query as Record<string, unknown>;
  if (SIGNED_HOSTS.includes(host)) {
    const check = checkSignature(world, path, query);
    if (!check.ok) return reply.code(403).type('text/plain').send(check.text);
  }
  if (EXPIRING_HOSTS.includes(host) && typeof query['x-expires'] === 'string' && Number(query['x-expires']) * 1000 <= world.clock.now().getTime()) {
    return reply.code(403).type('text/plain').send('Access Denied');
  }
  const file = cdnFile(host, path);
  if (!file) return reply.code(404).type('text/plain').send('Not Found');
  reply.header('cache-control', 'max-age=1209600, no-transform').header('access-control-allow-origin', '*');
  if (file.format === 'png') return reply.type('image/png').send(png(file.seed, file.width, file.height));
  if (file.format === 'jpeg') return reply.type('image/jpeg').send(jpeg(file.seed, file.width, file.height));
  const video = padded(mp4(file.seed), world.config.cdnVideoBytes);
  return reply.type('video/mp4').header('content-length', String(video.length)).send(video.stream);
}

export function registerCdn(app: FastifyInstance, world: World): void {
  for (const host of [...SIGNED_HOSTS, ...OPEN_HOSTS, ...EXPIRING_HOSTS]) {
    app.get(`/${host}/*`, (req, reply) => serve(world, host, req, reply));
  }
}
