/**
 * The audience reports of the simulated YouTube Analytics API (https://developers.google.com/youtube/analytics/channel_reports,
 * "Demographics" and "Geographic"): `dimensions=ageGroup,gender&metrics=viewerPercentage` answers one row per
 * (age group, gender) with the share of the channel's signed-in viewers in percent (all rows sum to 100);
 * `dimensions=country&metrics=views` answers one row per ISO country code with its views.
 *
 * YouTube withholds demographics that do not meet its (undocumented) privacy thresholds by answering no
 * rows. The sandbox's simplification: a channel with fewer than `demographicsMinSubscribers` subscribers
 * gets empty rows in both reports. Figures are deterministic per channel.
 */
import { type GoogleAccount, random } from './model.ts';

export const AUDIENCE_DIMENSIONS: Record<string, readonly string[]> = {
  'ageGroup,gender': ['viewerPercentage'],
  country: ['views'],
};

const AGE_GROUPS = ['age13-17', 'age18-24', 'age25-34', 'age35-44', 'age45-54', 'age55-64', 'age65-'];
const GENDERS = ['female', 'male', 'user_specified'];
const COUNTRIES = ['US', 'GB', 'DE', 'IN', 'BR', 'CA', 'PT', 'JP'];

interface Column {
  name: string;
  columnType: 'DIMENSION' | 'METRIC';
  dataType: 'STRING' | 'INTEGER' | 'FLOAT';
}

export interface AudienceReport {
  columnHeaders: Column[];
  rows: (string | number)[][];
}

function demographics(account: GoogleAccount): (string | number)[][] {
  const next = random(account.seq * 48_271 + 17);
  const cells = AGE_GROUPS.flatMap((age, a) => GENDERS.map((gender, g) => ({ age, gender, weight: g === 2 ? next() * 0.05 : (a === 0 ? 0.3 : 1) * (0.2 + next()) })));
  const total = cells.reduce((sum, c) => sum + c.weight, 0);
  return cells.map((c) => [c.age, c.gender, Math.round((c.weight / total) * 1000) / 10]);
}

function countries(account: GoogleAccount, views: number): (string | number)[][] {
  const next = random(account.seq * 69_621 + 5);
  const home = account.channel!.country;
  const weights = COUNTRIES.map((code) => ({ code, weight: code === home ? 3 + next() : next() }));
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  return weights.map((w) => [w.code, Math.floor((views * w.weight) / total)] as (string | number)[]).sort((a, b) => Number(b[1]) - Number(a[1]));
}

/** The answer to an audience query; `views` is the channel's views over the period asked for. */
export function audienceReport(account: GoogleAccount, dimensions: string, views: number, minSubscribers: number): AudienceReport {
  const small = account.channel!.subscriberCount < minSubscribers;
  if (dimensions === 'country') {
    const columnHeaders: Column[] = [
      { name: 'country', columnType: 'DIMENSION', dataType: 'STRING' },
      { name: 'views', columnType: 'METRIC', dataType: 'INTEGER' },
    ];
    return { columnHeaders, rows: small ? [] : countries(account, views) };
  }
  const columnHeaders: Column[] = [
    { name: 'ageGroup', columnType: 'DIMENSION', dataType: 'STRING' },
    { name: 'gender', columnType: 'DIMENSION', dataType: 'STRING' },
    { name: 'viewerPercentage', columnType: 'METRIC', dataType: 'FLOAT' },
  ];
  return { columnHeaders, rows: small ? [] : demographics(account) };
}
