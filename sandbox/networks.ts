/**
 * The simulated networks beside Instagram, each in its own files (`<network>.ts` for the endpoints,
 * `<network>-world.ts` for its records). Each registrar adds its state with `world.addNetwork` and its
 * routes under its real hosts' `/<host>` prefixes.
 */
import type { FastifyInstance } from 'fastify';
import { registerFacebook } from './facebook.ts';
import { registerTikTok } from './tiktok.ts';
import { registerGoogle } from './google.ts';
import { registerPinterest } from './pinterest.ts';
import type { World } from './world.ts';

export type NetworkRegistrar = (app: FastifyInstance, world: World) => void;

export const networkRegistrars: NetworkRegistrar[] = [(app, world) => void registerFacebook(app, world), registerTikTok, registerGoogle, registerPinterest];
