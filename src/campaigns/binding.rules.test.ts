import { describe, expect, it } from 'vitest';
import {
  type BindingCampaign,
  type BindingParticipant,
  type BindingPost,
  bindDecision,
  captionTags,
  hasDisclosure,
  hasHashtag,
  hashtagKey,
  parseHashtag,
  postFlags,
} from './binding.rules.ts';

const key = hashtagKey('#AcmeSummer26');

describe('the binding hashtag', () => {
  it('is matched on its lower-cased form without #', () => {
    expect(key).toBe('acmesummer26');
    expect(parseHashtag('#AcmeSummer26')).toEqual({ ok: true, hashtag: '#AcmeSummer26', key: 'acmesummer26' });
    expect(parseHashtag('AcmeSummer26')).toMatchObject({ ok: true, hashtag: '#AcmeSummer26' });
  });

  it('may use letters of any script and underscores', () => {
    expect(parseHashtag('#VerãoÁcme_26')).toMatchObject({ ok: true, key: 'verãoácme_26' });
    expect(parseHashtag('#夏のキャンペーン')).toMatchObject({ ok: true });
  });

  it('is one tag of at most 100 characters', () => {
    expect(parseHashtag('#a b')).toMatchObject({ ok: false });
    expect(parseHashtag('#one#two')).toMatchObject({ ok: false });
    expect(parseHashtag('#summer-26')).toMatchObject({ ok: false });
    expect(parseHashtag('#')).toMatchObject({ ok: false });
    expect(parseHashtag(`#${'a'.repeat(100)}`)).toMatchObject({ ok: true });
    expect(parseHashtag(`#${'a'.repeat(101)}`)).toMatchObject({ ok: false });
  });
});

describe('a caption carries the hashtag', () => {
  it('as a whole tag, in any case, with punctuation after it', () => {
    expect(hasHashtag('Sun! #AcmeSummer26', key)).toBe(true);
    expect(hasHashtag('#acmesummer26. Love it', key)).toBe(true);
    expect(hasHashtag('so good #AcmeSummer26!', key)).toBe(true);
    expect(hasHashtag('#ACMESUMMER26,#ad', key)).toBe(true);
    expect(hasHashtag('line\n#AcmeSummer26\nmore', key)).toBe(true);
  });

  it('not when the tag goes on: #AcmeSummer26x and #AcmeSummer26_x are other tags', () => {
    expect(hasHashtag('#AcmeSummer26x', key)).toBe(false);
    expect(hasHashtag('#AcmeSummer26_x', key)).toBe(false);
    expect(hasHashtag('#AcmeSummer2', key)).toBe(false);
  });

  it('not inside a URL fragment or glued to a word', () => {
    expect(hasHashtag('see https://acme.example/summer#AcmeSummer26', key)).toBe(false);
    expect(hasHashtag('see www.acme.example/#AcmeSummer26', key)).toBe(false);
    expect(hasHashtag('word#AcmeSummer26', key)).toBe(false);
    expect(hasHashtag('https://acme.example/summer #AcmeSummer26', key)).toBe(true);
  });

  it('not in an empty caption', () => {
    expect(hasHashtag(null, key)).toBe(false);
    expect(captionTags('')).toEqual(new Set());
  });
});

describe('disclosure', () => {
  it('#ad, #sponsored or #partner as whole tags disclose', () => {
    for (const caption of ['#ad', 'x #Sponsored', 'with #PARTNER.']) expect(hasDisclosure({ caption })).toBe(true);
  });

  it('#adventure, #ads or "ad" without # do not', () => {
    for (const caption of ['#adventure', '#ads', 'an ad', 'https://x.example/#ad']) expect(hasDisclosure({ caption })).toBe(false);
  });

  it('the network’s paid-partnership label discloses without a tag', () => {
    expect(hasDisclosure({ caption: 'no tag', paidPartnership: true })).toBe(true);
    expect(hasDisclosure({ caption: 'no tag', paidPartnership: null })).toBe(false);
  });

  it('a post without disclosure is flagged no_disclosure', () => {
    expect(postFlags({ caption: '#AcmeSummer26' })).toEqual(['no_disclosure']);
    expect(postFlags({ caption: '#AcmeSummer26 #ad' })).toEqual([]);
  });
});

describe('bindDecision: a post binds only when every rule holds', () => {
  const joined = new Date('2026-06-01T00:00:00Z');
  const due = new Date('2026-06-30T23:59:59Z');
  const campaign: BindingCampaign = { state: 'live', hashtagKey: key, networks: ['instagram', 'tiktok'], dueDate: due };
  const participant: BindingParticipant = { stage: 'confirmed', joinedAt: joined };
  const post: BindingPost = { network: 'instagram', caption: 'Sun #AcmeSummer26 #ad', publishedAt: new Date('2026-06-10T12:00:00Z'), connectionStatus: 'active' };
  const decide = (c: Partial<BindingCampaign> = {}, p: Partial<BindingParticipant> | null = {}, m: Partial<BindingPost> = {}) =>
    bindDecision({ ...campaign, ...c }, p === null ? null : { ...participant, ...p }, { ...post, ...m });

  it('binds a post that meets every rule, without flags when disclosed', () => {
    expect(decide()).toEqual({ bind: true, flags: [] });
  });

  it('a campaign that is not live binds nothing; a live one does', () => {
    for (const state of ['draft', 'completed', 'archived'] as const) expect(decide({ state })).toEqual({ bind: false, refusal: 'not_live' });
    expect(decide({ state: 'live' }).bind).toBe(true);
  });

  it('a creator who is not a participant does not bind; a participant does', () => {
    expect(decide({}, null)).toEqual({ bind: false, refusal: 'not_participant' });
    expect(decide({}, {}).bind).toBe(true);
  });

  it('a participant invited, applied or declined does not bind; one confirmed, creating or complete does', () => {
    for (const stage of ['invited', 'applied', 'declined'] as const) expect(decide({}, { stage })).toEqual({ bind: false, refusal: 'stage' });
    for (const stage of ['confirmed', 'content_creation', 'complete'] as const) expect(decide({}, { stage }).bind).toBe(true);
  });

  it('a post without the whole hashtag does not bind; with it in any case it does', () => {
    expect(decide({}, {}, { caption: '#AcmeSummer26x #ad' })).toEqual({ bind: false, refusal: 'no_hashtag' });
    expect(decide({}, {}, { caption: null })).toEqual({ bind: false, refusal: 'no_hashtag' });
    expect(decide({}, {}, { caption: '#ACMESUMMER26!' }).bind).toBe(true);
  });

  it('a post published before the creator joined does not bind; one published at the moment they joined does', () => {
    expect(decide({}, {}, { publishedAt: new Date(joined.getTime() - 1) })).toEqual({ bind: false, refusal: 'before_joined' });
    expect(decide({}, {}, { publishedAt: joined }).bind).toBe(true);
  });

  it('a post published after the due date does not bind; one at the due date does, and without a due date any later post does', () => {
    expect(decide({}, {}, { publishedAt: new Date(due.getTime() + 1) })).toEqual({ bind: false, refusal: 'after_due' });
    expect(decide({}, {}, { publishedAt: due }).bind).toBe(true);
    expect(decide({ dueDate: null }, {}, { publishedAt: new Date('2027-01-01T00:00:00Z') }).bind).toBe(true);
  });

  it('a post on a network the campaign does not count does not bind; one on a counted network does', () => {
    expect(decide({}, {}, { network: 'youtube' })).toEqual({ bind: false, refusal: 'network_not_in_campaign' });
    expect(decide({}, {}, { network: 'tiktok' }).bind).toBe(true);
  });

  it('a post of a disconnected channel does not bind; an active or expiring one does', () => {
    expect(decide({}, {}, { connectionStatus: 'disconnected' })).toEqual({ bind: false, refusal: 'connection_inactive' });
    expect(decide({}, {}, { connectionStatus: 'expiring' }).bind).toBe(true);
  });

  it('a post without disclosure binds, flagged no_disclosure', () => {
    expect(decide({}, {}, { caption: '#AcmeSummer26' })).toEqual({ bind: true, flags: ['no_disclosure'] });
  });

  it('names the first rule that refuses', () => {
    expect(decide({ state: 'draft' }, null, { caption: null })).toEqual({ bind: false, refusal: 'not_live' });
    expect(decide({}, { stage: 'applied' }, { caption: null })).toEqual({ bind: false, refusal: 'stage' });
  });
});
