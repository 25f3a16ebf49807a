/**
 * The sandbox's network kits (sandbox/core/kit.ts) as the benchmarks and the soak use them: each checked
 * against the service's own list of networks, so a kit's provider id is a `ProviderId` from here on.
 * Nothing in bench/ or soak/ names a network; it loops over these.
 */
import { type NetworkKit, networkKits } from '../../sandbox/index.ts';
import { type ProviderId, profileOf } from '../../src/providers/profiles.ts';

export interface Kit extends NetworkKit {
  readonly provider: ProviderId;
}

function checked(kit: NetworkKit): Kit {
  if (!profileOf(kit.provider)) throw new Error(`the sandbox has a kit for ${kit.provider}, a network the service does not have`);
  return kit as Kit;
}

/** Every network's kit, in the service's order of networks. */
export const kits: readonly Kit[] = networkKits.map(checked);

/** The networks in the mixed population (a share above 0), in the same order. */
export const populationKits: readonly Kit[] = kits.filter((kit) => kit.populationShare > 0);

export function kitOf(provider: ProviderId): Kit {
  const kit = kits.find((k) => k.provider === provider);
  if (!kit) throw new Error(`the sandbox has no kit for ${provider}`);
  return kit;
}
