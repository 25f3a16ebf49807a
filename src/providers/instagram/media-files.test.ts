import { describe, expect, it } from 'vitest';
import { igMediaFiles } from './media.ts';

describe('an IG Media node’s files', () => {
  it('a video: its file and its cover', () => {
    expect(igMediaFiles({ id: '1', media_type: 'VIDEO', media_url: 'https://c/v.mp4', thumbnail_url: 'https://c/t.jpg' }, 'Instagram')).toEqual([
      { position: 0, role: 'media', url: 'https://c/v.mp4' },
      { position: 0, role: 'thumbnail', url: 'https://c/t.jpg' },
    ]);
  });

  it('a carousel: each item, numbered from 1, and not the album’s media_url again', () => {
    const node = {
      id: '1',
      media_type: 'CAROUSEL_ALBUM',
      media_url: 'https://c/1.jpg',
      children: {
        data: [
          { id: 'a', media_type: 'IMAGE', media_url: 'https://c/1.jpg' },
          { id: 'b', media_type: 'VIDEO', media_url: 'https://c/2.mp4', thumbnail_url: 'https://c/2.jpg' },
        ],
      },
    };
    expect(igMediaFiles(node, 'Instagram')).toEqual([
      { position: 1, role: 'media', url: 'https://c/1.jpg' },
      { position: 2, role: 'media', url: 'https://c/2.mp4' },
      { position: 2, role: 'thumbnail', url: 'https://c/2.jpg' },
    ]);
  });

  it('copyrighted media: no file at all', () => {
    expect(igMediaFiles({ id: '1', media_type: 'IMAGE' }, 'Instagram')).toEqual([]);
  });

  it('an answer that is not a node is unexpected', () => {
    expect(() => igMediaFiles(null, 'Instagram')).toThrow(/not an object/);
  });
});
