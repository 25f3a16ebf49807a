/**
 * Partnership Ads post-level permissions as Facebook keeps them: per Instagram media id, the brands' Instagram
 * account ids the creator allowed to boost it ("Allow brand partner to boost"), in the order they were allowed.
 * Set by `POST /{ig-media-id}/branded_content_partner_promote` (partner-promote.ts); saved with the
 * rest of the Facebook world.
 */
export class PartnerPromotions {
  readonly #byMedia = new Map<string, string[]>();
  #changes = 0;

  get changes(): number {
    return this.#changes;
  }

  approved(mediaId: string): string[] {
    return [...(this.#byMedia.get(mediaId) ?? [])];
  }

  /** permission=true adds the brand (once), false removes it. */
  set(mediaId: string, sponsorId: string, allow: boolean): void {
    const rest = (this.#byMedia.get(mediaId) ?? []).filter((id) => id !== sponsorId);
    const next = allow ? [...rest, sponsorId] : rest;
    if (next.length > 0) this.#byMedia.set(mediaId, next);
    else this.#byMedia.delete(mediaId);
    this.#changes++;
  }

  export(): Record<string, string[]> {
    return Object.fromEntries([...this.#byMedia].map(([id, sponsors]) => [id, [...sponsors]]));
  }

  import(saved: unknown): void {
    this.#byMedia.clear();
    if (saved && typeof saved === 'object') {
      for (const [id, sponsors] of Object.entries(saved as Record<string, unknown>)) {
        if (Array.isArray(sponsors) && sponsors.length > 0) this.#byMedia.set(id, sponsors.map(String));
      }
    }
    this.#changes++;
  }

  clear(): void {
    this.#byMedia.clear();
    this.#changes++;
  }
}
