/**
 * Where the sweep's time goes: a Kysely plugin that times every query from compile to result (so it
 * includes waiting for PGlite's gate or a free pool connection), grouped by statement shape, and a
 * wrapper that times provider calls. Used by the sweep benchmark with BENCH_PROFILE=1.
 */
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Deps } from '../../src/platform/deps.ts';
import type { OAuthProvider } from '../../src/providers/provider.ts';

export interface TimingRow {
  label: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
}

export class Timings {
  readonly #rows = new Map<string, { calls: number; totalMs: number; maxMs: number }>();

  add(label: string, ms: number): void {
    const row = this.#rows.get(label) ?? { calls: 0, totalMs: 0, maxMs: 0 };
    row.calls++;
    row.totalMs += ms;
    row.maxMs = Math.max(row.maxMs, ms);
    this.#rows.set(label, row);
  }

  rows(): TimingRow[] {
    return [...this.#rows.entries()]
      .map(([label, r]) => ({ label, calls: r.calls, totalMs: r.totalMs, meanMs: r.totalMs / r.calls, maxMs: r.maxMs }))
      .sort((a, b) => b.totalMs - a.totalMs);
  }
}

type Named = { table?: { identifier?: { name?: string } }; identifier?: { name?: string } };

function tableName(node: Named | undefined): string {
  return node?.table?.identifier?.name ?? node?.identifier?.name ?? '?';
}

/** A short, stable name for a statement: kind + table (raw SQL: its first words). */
export function labelOf(node: RootOperationNode | OperationNode): string {
  const n = node as unknown as Record<string, unknown>;
  switch (node.kind) {
    case 'SelectQueryNode': {
      const froms = (n.from as { froms?: Named[] } | undefined)?.froms ?? [];
      return `select ${froms.map(tableName).join(',')}`;
    }
    case 'UpdateQueryNode':
      return `update ${tableName(n.table as Named)}`;
    case 'InsertQueryNode':
      return `insert ${tableName(n.into as Named)}${n.onConflict ? ' on conflict' : ''}`;
    case 'DeleteQueryNode':
      return 'delete';
    case 'RawNode': {
      const text = ((n.sqlFragments as string[] | undefined) ?? []).join('?').replace(/\s+/g, ' ').trim();
      return `raw: ${text.slice(0, 60)}`;
    }
    default:
      return node.kind;
  }
}

export function queryTimer(timings: Timings): KyselyPlugin {
  const started = new Map<unknown, { label: string; at: number }>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, { label: labelOf(args.node), at: performance.now() });
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const start = started.get(args.queryId);
      if (start) {
        started.delete(args.queryId);
        timings.add(start.label, performance.now() - start.at);
      }
      return args.result;
    },
  };
}

/** The same Deps, with every query and every provider refresh timed into `timings`. */
export function profiledDeps(deps: Deps, timings: Timings): Deps {
  const timed = new Map<string, OAuthProvider>();
  const wrap = (provider: OAuthProvider): OAuthProvider => {
    const cached = timed.get(provider.id);
    if (cached) return cached;
    const refreshToken: OAuthProvider['refreshToken'] = async (current) => {
      const at = performance.now();
      try {
        return await provider.refreshToken(current);
      } finally {
        timings.add(`provider ${provider.id}.refreshToken (HTTP)`, performance.now() - at);
      }
    };
    // A Proxy, not a subclass: the adapters keep state in #private fields, so methods must run on the original.
    const proxy = new Proxy(provider, {
      get(target, property) {
        if (property === 'refreshToken') return refreshToken;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    timed.set(provider.id, proxy);
    return proxy;
  };
  return {
    ...deps,
    db: deps.db.withPlugin(queryTimer(timings)),
    providers: {
      get: (id) => {
        const provider = deps.providers.get(id);
        return provider && wrap(provider);
      },
      all: () => deps.providers.all().map(wrap),
    },
  };
}
