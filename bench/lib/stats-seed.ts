/** Rows for the ops-view benchmark, inserted in SQL: see bench/stats-bench.ts for the mix. */
import { sql } from 'kysely';
import type { DB } from '../../src/platform/db/db.ts';

export async function seedOpsView(db: DB, ws: string, count: number, NOW: Date): Promise<void> {
  const creators = Math.ceil(count / 5);
  await sql`insert into creators (workspace_id, id, email, name, created_at, updated_at)
    select ${ws}, 'c' || i, 'c' || i || '@example.com', null, ${NOW}, ${NOW} from generate_series(0, ${creators - 1}) i`.execute(db);
  // Provider by i % 10: 4 Instagram, 2 Facebook (half of them Instagram accounts), 2 TikTok, 1 YouTube, 1 Pinterest.
  await sql`insert into connections (id, workspace_id, creator_id, provider, network, login, account_id, username, status, status_reason, scopes,
      token_issued_at, token_expires_at, grant_expires_at, refresh_due_at, connected_at, created_at, updated_at)
    select 'con_' || i, ${ws}, 'c' || (i % ${creators}), p.provider, p.network, p.login, 'acct' || i, 'user' || i,
      case i % 20 when 0 then 'disconnected' when 1 then 'expiring' else 'active' end,
      case i % 20 when 0 then (array['password_changed','app_removed','expired','checkpoint'])[1 + (i / 20) % 4] when 1 then 'expires_soon' end,
      '{}', issued, issued + p.access, issued + p.grant_life, case when p.refresh is null then null else issued + p.refresh end, issued, issued, issued
    from generate_series(0, ${count - 1}) i
    cross join lateral (select ${NOW}::timestamptz - (i % 60) * interval '1 day' - (i % 1440) * interval '1 minute' as issued) t
    cross join lateral (select * from (values
      (0, 'instagram', 'instagram', 'instagram_login', interval '60 days', interval '60 days', interval '50 days'),
      (4, 'facebook', 'facebook', 'facebook_login', interval '60 days', interval '60 days', null),
      (6, 'tiktok', 'tiktok', 'tiktok_login_kit', interval '2 hours', interval '365 days', interval '335 days'),
      (8, 'youtube', 'youtube', 'google_oauth', interval '1 hour', null, interval '30 days'),
      (9, 'pinterest', 'pinterest', 'pinterest_oauth', interval '30 days', interval '60 days', interval '25 days')
    ) v(first, provider, network, login, access, grant_life, refresh) where v.first <= i % 10 order by v.first desc limit 1) p`.execute(db);
  await sql`update connections set network = 'instagram' where provider = 'facebook' and (substr(id, 5)::int / 10) % 2 = 0`.execute(db);
  await sql`insert into connection_events (id, connection_id, workspace_id, type, from_status, to_status, reason, detail, occurred_at)
    select 'evt_c' || id, id, workspace_id, 'connected', null, 'active', null, '{}', connected_at from connections`.execute(db);
  await sql`insert into connection_events (id, connection_id, workspace_id, type, from_status, to_status, reason, detail, occurred_at)
    select 'evt_f' || id, id, workspace_id, case status when 'disconnected' then 'disconnected' else 'refresh_failed' end, null, null, status_reason,
      json_build_object('kind', 'transient', 'providerCode', 'http_500')::jsonb, connected_at + interval '3 days'
    from connections where status <> 'active' or substr(id, 5)::int % 20 = 2`.execute(db);
  await sql`insert into emails (id, workspace_id, creator_id, connection_id, kind, dedupe_key, to_address, from_address, subject, text_body, html_body, status, next_attempt_at, created_at)
    select 'eml_' || id, workspace_id, creator_id, id, 'connection_disconnected', 'd:' || id, 'x@example.com', 'y@example.com', 's', 't', 'h',
      case when substr(id, 5)::int % 3 = 0 then 'pending' else 'stored' end, ${NOW}, ${NOW}
    from connections where status = 'disconnected'`.execute(db);
  await sql`analyze`.execute(db);
}
