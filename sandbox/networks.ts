/**
 * The simulated networks beside Instagram, each in its own folder (`<network>/<network>.ts` for the
 * endpoints, `<network>/world.ts` for its records). Each registrar adds its state with `world.addNetwork`
 * and its routes under its real hosts' `/<host>` prefixes.
 */
import type { FastifyInstance } from 'fastify';
import type { World } from './core/world.ts';
import { registerFacebook } from './facebook/facebook.ts';
import { registerPinterest } from './pinterest/pinterest.ts';
import { registerThreads } from './threads/threads.ts';
import { registerTikTok } from './tiktok/tiktok.ts';
import { registerGoogle } from './youtube/youtube.ts';

export type NetworkRegistrar = (app: FastifyInstance, world: World) => void;

export const networkRegistrars: NetworkRegistrar[] = [
  (app, world) => void registerFacebook(app, world),
  registerTikTok,
  registerGoogle,
  registerPinterest,
  (app, world) => void registerThreads(app, world),
];
