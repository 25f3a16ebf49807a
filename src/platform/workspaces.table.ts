/** Row types of the workspaces tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './db/column-types.ts';

export interface WorkspacesTable {
  id: string;
  name: string;
  product_name: string | null;
  email_from: string | null;
  /** The language when neither the creator nor the browser names one (a supported BCP 47 tag). */
  default_locale: Generated<string | null>;
  /** The name emails come from ("Acme via …" is not added: this is the whole display name). */
  email_sender_name: Generated<string | null>;
  /** `#rrggbb`, checked readable with white text and on white when set. */
  accent_color: Generated<string | null>;
  support_email: Generated<string | null>;
  support_url: Generated<string | null>;
  /** A sanitised SVG or a PNG/JPEG, at most 200 KB. */
  logo: Generated<Uint8Array | null>;
  logo_type: Generated<string | null>;
  /** Names the logo's version in its URL, so it may be cached for good. */
  logo_sha256: Generated<string | null>;
  branding_updated_at: NullableTimestamp;
  /** The workspace BOOTSTRAP_API_KEY opened: a new value of the variable adds a key to it (at most one is marked). */
  bootstrap: Generated<boolean>;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  /** SHA-256 of the secret, which is never stored. */
  key_hash: string;
  /** The first characters of the secret, shown as a hint (`ck_live_abcd…`). */
  key_prefix: string;
  name: string | null;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  /** Stamped at most once a minute (src/platform/api-key.rules.ts). */
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface CreatorsTable {
  workspace_id: string;
  id: string;
  email: string | null;
  name: string | null;
  /** The person's language, when a connect or portal session said it (a supported BCP 47 tag). */
  locale: Generated<string | null>;
  /** The person's IANA time zone, when said; times are shown in UTC otherwise. */
  time_zone: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
