/**
 * The tracked links of recently seen campaigns, by position, so a click can be redirected without the
 * database (during an outage, and faster otherwise). Never stale: a campaign's links are fixed when it is
 * scheduled. Bounded: the least recently used campaign goes first.
 */
export interface LinkCache {
  get(workspaceId: string, campaignId: string): readonly string[] | undefined;
  set(workspaceId: string, campaignId: string, urls: readonly string[]): void;
}

export function createLinkCache(maxCampaigns = 10_000): LinkCache {
  const entries = new Map<string, readonly string[]>();
  return {
    get(workspaceId, campaignId) {
      const key = `${workspaceId}/${campaignId}`;
      const urls = entries.get(key);
      if (urls) {
        // A Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
        entries.delete(key);
        entries.set(key, urls);
      }
      return urls;
    },
    set(workspaceId, campaignId, urls) {
      const key = `${workspaceId}/${campaignId}`;
      entries.delete(key);
      entries.set(key, urls);
      if (entries.size > maxCampaigns) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
