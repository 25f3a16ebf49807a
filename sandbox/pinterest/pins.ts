/**
 * The pins of a simulated Pinterest account. Pins are not stored: each account's pins are derived from its
 * id and counts (newest first, three days apart from the account's creation), so 100,000 seeded connections
 * cost only their tokens, and a restarted sandbox answers the same pins.
 */
import type { Pin, PinterestAccount } from './model.ts';

const DAY_MS = 86_400_000;

/** The account's pins, newest first, derived from its id, counts and optional caption. */
export function derivePins(account: PinterestAccount): Pin[] {
  const pins: Pin[] = [];
  for (let i = 0; i < account.pinCount; i++) {
    const id = `${account.id}${String(i + 1).padStart(6, '0')}`;
    const image = (size: string, width: number, height: number) => ({ url: `https://i.pinimg.com/${size}/sandbox/${id}.jpg`, width, height });
    pins.push({
      id,
      created_at: new Date(account.createdAtMs - i * 3 * DAY_MS).toISOString().slice(0, 19),
      link: `https://${account.username.replace(/[^a-z0-9]/gi, '')}.example/ideas/${i + 1}`,
      title: `Idea ${i + 1} from ${account.username}`,
      description: `A sandbox pin (${i + 1} of ${account.pinCount}).${account.pinCaption ? ` ${account.pinCaption}` : ''}`,
      board_id: `${account.id}9${String(i % Math.max(account.boardCount, 1)).padStart(3, '0')}`,
      board_owner: { username: account.username },
      // Every sixth pin, from the third, is a video pin.
      media:
        i % 6 === 2
          ? {
              media_type: 'video',
              cover_image_url: image('videos/thumbnails/originals', 1080, 1920).url,
              video_url: `https://v1.pinimg.com/videos/sandbox/${id}.mp4`,
              duration: 12 + (i % 40),
              height: 1920,
              width: 1080,
            }
          : {
              media_type: 'image',
              images: { '150x150': image('150x150', 150, 150), '600x': image('600x', 600, 900), '1200x': image('1200x', 1200, 1800), originals: image('originals', 1200, 1800) },
            },
    });
  }
  return pins;
}
