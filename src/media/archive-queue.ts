/**
 * Queues the copy of bound posts' media (the campaigns feature calls this when it binds posts). A post of
 * a network that gives no file is written `not_offered` at once, with the network's reason, so the API
 * says so from the first answer. Wakes the archive worker after the caller's statement.
 */
import type { Deps } from '../platform/deps.ts';
import { profileOf } from '../providers/profiles.ts';
import { queueArchives } from './archive.repo.ts';

export interface PostToArchive {
  mediaId: string;
  workspaceId: string;
  network: string;
}

export async function queueMediaArchives(deps: Pick<Deps, 'db' | 'clock' | 'onMediaArchiveQueued'>, posts: readonly PostToArchive[]): Promise<void> {
  if (posts.length === 0) return;
  const rows = posts.map((post) => {
    const files = profileOf(post.network)?.mediaFiles;
    return { ...post, notOffered: files && !files.offered ? files.reason : undefined };
  });
  const queued = await queueArchives(deps.db, rows, deps.clock.now());
  if (queued > 0) deps.onMediaArchiveQueued?.();
}
