/**
 * Campaigns: brands, campaigns and their state machine, participants, and the binding engine that
 * binds creators' posts to live campaigns (automatically by hashtag, or by hand), with the campaign
 * sync schedule.
 */
export { bindAfterSync } from './bind-posts.ts';
export { campaignNetworks } from './campaign.rules.ts';
export { hashtag, idParams, postParams } from './campaign.schemas.ts';
export { campaignDirectory } from './campaign-directory.ts';
export { findCampaignPost } from './campaign-posts.repo.ts';
export { type CampaignPostView, listCampaignPosts } from './campaign-posts.ts';
export { findCampaign, liveCampaignsOfCreator, upsertBrand } from './campaigns.repo.ts';
export { createCampaign, listCampaigns } from './campaigns.ts';
export { putParticipant } from './participants.ts';
