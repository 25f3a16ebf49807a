/**
 * The simulated networks, each in its own folder (`<network>/<network>.ts` for the endpoints,
 * `<network>/world.ts` for its records, `<network>/kit.ts` for what benchmarks and the soak drive it
 * with). Each registrar adds its state with `world.addNetwork` (Instagram's is built into the world) and
 * its routes under its real hosts' `/<host>` prefixes. This is the sandbox's one list of networks.
 */
import type { FastifyInstance } from 'fastify';
import type { NetworkKit } from './core/kit.ts';
import type { World } from './core/world.ts';
import { registerFacebook } from './facebook/facebook.ts';
import { facebookKit } from './facebook/kit.ts';
import { registerInstagram } from './instagram/instagram.ts';
import { instagramKit } from './instagram/kit.ts';
import { pinterestKit } from './pinterest/kit.ts';
import { registerPinterest } from './pinterest/pinterest.ts';
import { threadsKit } from './threads/kit.ts';
import { registerThreads } from './threads/threads.ts';
import { tiktokKit } from './tiktok/kit.ts';
import { registerTikTok } from './tiktok/tiktok.ts';
import { youtubeKit } from './youtube/kit.ts';
import { registerGoogle } from './youtube/youtube.ts';

export type NetworkRegistrar = (app: FastifyInstance, world: World) => void;

export interface SimulatedNetworkEntry {
  register: NetworkRegistrar;
  kit: NetworkKit;
}

/** In the service's order of networks: the mixed population interleaves them in this order. */
export const simulatedNetworks: readonly SimulatedNetworkEntry[] = [
  { register: registerInstagram, kit: instagramKit },
  { register: (app, world) => void registerFacebook(app, world), kit: facebookKit },
  { register: registerTikTok, kit: tiktokKit },
  { register: registerGoogle, kit: youtubeKit },
  { register: registerPinterest, kit: pinterestKit },
  { register: (app, world) => void registerThreads(app, world), kit: threadsKit },
];

export const networkKits: readonly NetworkKit[] = simulatedNetworks.map((network) => network.kit);
