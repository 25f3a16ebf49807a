/**
 * Which file a simulated CDN link names, and at what size. Each network writes a picture's size into its
 * links its own way, and the sandbox draws the file at that size so a page shows it as the network would:
 * TikTok `~c5_168x168.jpeg`, YouTube's channel art `=s88-…` and video stills `mqdefault.jpg` (320×180),
 * Pinterest's `/150x150/` and `/600x/` folders. Meta's links name no size: a profile picture (under
 * `/avatars/`) is a 128-pixel square, a post's picture 320 pixels wide.
 */

export interface CdnFile {
  /** Draws the colours: the same seed, the same picture at every size. */
  seed: string;
  format: 'jpeg' | 'png' | 'mp4';
  width: number;
  height: number;
}

const AVATAR = 128;
const PICTURE = 320;
/** Bounds what one request can make the sandbox draw (Pinterest's originals claim 1200×1800). */
const LARGEST = 1280;

/** YouTube's video stills by name (https://developers.google.com/youtube/v3/docs/thumbnails). */
const YOUTUBE_STILLS: Record<string, [number, number]> = {
  default: [120, 90],
  mqdefault: [320, 180],
  hqdefault: [480, 360],
  sddefault: [640, 480],
  maxresdefault: [1280, 720],
};

const bounded = (width: number, height: number): [number, number] => {
  const scale = Math.min(1, LARGEST / Math.max(width, height));
  return [Math.max(8, Math.round(width * scale)), Math.max(8, Math.round(height * scale))];
};

const file = (seed: string, format: CdnFile['format'], width: number, height = width): CdnFile => {
  const [w, h] = bounded(width, height);
  return { seed, format, width: w, height: h };
};

/** `i.ytimg.com/vi/<id>/mqdefault.jpg` and `yt3.ggpht.com/<seed>=s88-c-k-…`. */
function youtubeFile(host: string, path: string): CdnFile | undefined {
  if (host === 'yt3.ggpht.com') {
    const art = /^\/([^/=]+)=s(\d+)/.exec(path);
    return art ? file(art[1]!, 'jpeg', Number(art[2])) : undefined;
  }
  const still = /^\/vi\/([^/]+)\/(\w+)\.jpg$/.exec(path);
  const size = still ? YOUTUBE_STILLS[still[2]!] : undefined;
  return still && size ? file(still[1]!, 'jpeg', size[0], size[1]) : undefined;
}

/** `<name>~c5_168x168.jpeg` (an avatar) and `<video id>~tplv-noop.image` (a 9:16 cover). */
function tiktokFile(path: string): CdnFile | undefined {
  const avatar = /\/([^/~]+)~c5_(\d+)x(\d+)\.jpeg$/.exec(path);
  if (avatar) return file(avatar[1]!, 'jpeg', Number(avatar[2]), Number(avatar[3]));
  const cover = /\/([^/~]+)~tplv-[\w-]+\.image$/.exec(path);
  return cover ? file(cover[1]!, 'jpeg', PICTURE, Math.round((PICTURE * 16) / 9)) : undefined;
}

/** `/150x150/…`, `/600x/…` (two wide by three high, as pins mostly are), `/originals/…`. */
function pinterestFile(path: string, seed: string, format: CdnFile['format']): CdnFile {
  const square = /^\/(\d+)x(\d+)\//.exec(path);
  if (square) return file(seed, format, Number(square[1]), Number(square[2]));
  const wide = /^\/(\d+)x\//.exec(path);
  if (wide) return file(seed, format, Number(wide[1]), Math.round(Number(wide[1]) * 1.5));
  if (path.includes('/avatars/')) return file(seed, format, AVATAR);
  if (path.includes('/videos/thumbnails/')) return file(seed, format, 1080, 1920);
  return file(seed, format, 1200, 1800);
}

/** The file a link on `host` names, or undefined (the CDN answers 404). */
export function cdnFile(host: string, path: string): CdnFile | undefined {
  if (host === 'yt3.ggpht.com' || host === 'i.ytimg.com') return youtubeFile(host, path);
  if (host.endsWith('tiktokcdn.com')) return tiktokFile(path);
  const named = /\/([^/]+)\.(jpg|jpeg|png|mp4)$/.exec(path);
  if (!named) return undefined;
  const [, seed, ext] = named as unknown as [string, string, string];
  const format = ext === 'png' ? 'png' : ext === 'mp4' ? 'mp4' : 'jpeg';
  if (host.endsWith('pinimg.com')) return pinterestFile(path, seed, format);
  return file(seed, format, path.includes('/avatars/') ? AVATAR : PICTURE);
}
