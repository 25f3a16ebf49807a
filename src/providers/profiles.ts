/**
 * The one list of networks, in the order they are offered. What differs by network is in each
 * network's profile.ts; shared code reads it through here instead of naming networks.
 */
import { facebookProfile } from './facebook/profile.ts';
import { instagramProfile } from './instagram/profile.ts';
import type { Capability, NetworkProfile } from './network-profile.ts';
import { pinterestProfile } from './pinterest/profile.ts';
import { threadsProfile } from './threads/profile.ts';
import { tiktokProfile } from './tiktok/profile.ts';
import { youtubeProfile } from './youtube/profile.ts';

export const profiles = [instagramProfile, facebookProfile, tiktokProfile, youtubeProfile, pinterestProfile, threadsProfile] as const;

export type ProviderId = (typeof profiles)[number]['id'];

export const providerIds: readonly ProviderId[] = profiles.map((profile) => profile.id);

/** The profile of a network or provider id as stored; undefined for an id no network has. */
export function profileOf(id: string): NetworkProfile<ProviderId> | undefined {
  return profiles.find((profile) => profile.id === id);
}

/** The networks that have a capability, in the order they are offered. */
export function providerIdsWith(capability: Capability): ProviderId[] {
  return profiles.filter((profile) => profile.capabilities[capability]).map((profile) => profile.id);
}

/** The name people see for a network id ("Instagram"); the id itself for one no network has. */
export function displayNameOf(id: string): string {
  return profileOf(id)?.displayName ?? id;
}

/** The networks that have a capability, in words for pages and API docs: "Instagram, Facebook and Pinterest". */
export function displayNamesWith(capability: Capability): string {
  const names = providerIdsWith(capability).map(displayNameOf);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
}
