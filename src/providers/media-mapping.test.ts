/** The parts of the media mappers the sandboxes do not reach: wire formats seen in the documentation. */
import { describe, expect, it } from 'vitest';
import { igMediaPage, parseGraphTime } from './instagram/media.ts';
import { pinsPage } from './pinterest/media.ts';
import { videoPage } from './tiktok/media.ts';

describe('Instagram media mapping', () => {
  it("reads Graph's timestamp, whose offset has no colon", () => {
    expect(parseGraphTime('2019-04-05T07:56:32+0000')).toEqual(new Date('2019-04-05T07:56:32Z'));
    expect(parseGraphTime('2019-04-05T09:56:32+0200')).toEqual(new Date('2019-04-05T07:56:32Z'));
    expect(parseGraphTime('yesterday')).toBeUndefined();
  });

  it('a story or a reel is named by its product type, whatever the file is', () => {
    const node = (media_type: string, media_product_type: string) => ({ id: '1', media_type, media_product_type, timestamp: '2024-01-01T00:00:00+0000' });
    const page = igMediaPage({ data: [node('VIDEO', 'STORY'), node('VIDEO', 'REELS'), node('CAROUSEL_ALBUM', 'FEED'), node('VIDEO', 'FEED'), node('IMAGE', 'AD')] }, 'Instagram');
    expect(page.items.map((m) => m.mediaType)).toEqual(['story', 'reel', 'carousel', 'video', 'image']);
  });

  it('cursors without a next link mean the last page', () => {
    const data = [{ id: '1', timestamp: '2024-01-01T00:00:00+0000' }];
    expect(igMediaPage({ data, paging: { cursors: { before: 'b', after: 'a' } } }, 'Instagram').nextCursor).toBeNull();
    expect(igMediaPage({ data, paging: { cursors: { after: 'a' }, next: 'https://graph.instagram.com/…' } }, 'Instagram').nextCursor).toBe('a');
  });

  it('a body without a data array, or an item without a timestamp, is an unexpected response', () => {
    expect(() => igMediaPage({}, 'Instagram')).toThrow(expect.objectContaining({ kind: 'unexpected_response' }));
    expect(() => igMediaPage({ data: [{ id: '1' }] }, 'Instagram')).toThrow(expect.objectContaining({ kind: 'unexpected_response' }));
  });
});

describe('TikTok and Pinterest media mapping', () => {
  it('a TikTok page with has_more false has no next cursor, whatever cursor it sends', () => {
    const page = videoPage({ data: { videos: [{ id: '7', create_time: 1_700_000_000, title: 'Only a title' }], cursor: 1_700_000_000_000, has_more: false } });
    expect(page).toEqual({ items: [expect.objectContaining({ id: '7', caption: 'Only a title', publishedAt: new Date(1_700_000_000_000) })], nextCursor: null });
  });

  it("Pinterest's created_at is UTC without a zone; a Pin with only a title is captioned by it", () => {
    const page = pinsPage({
      items: [{ id: '9', created_at: '2020-01-01T20:10:40', title: 'Title', description: '', media: { media_type: 'image', images: { '1200x': { url: 'u', width: 1200 } } } }],
      bookmark: null,
    });
    expect(page.items[0]).toMatchObject({ publishedAt: new Date('2020-01-01T20:10:40Z'), caption: 'Title', mediaUrl: 'u', thumbnailUrl: 'u' });
  });
});
