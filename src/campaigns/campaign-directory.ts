/** The campaigns feature as the notices see it (deps.campaigns): a creator's live campaigns, past `applied`. */

import type { CampaignDirectory } from '../platform/deps.ts';
import { liveCampaignsOfCreator } from './campaigns.repo.ts';

export const campaignDirectory: CampaignDirectory = {
  liveCampaignsFor: (db, workspaceId, creatorId) => liveCampaignsOfCreator(db, workspaceId, creatorId),
};
