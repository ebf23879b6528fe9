/** What the confluence-sync workflow reads from the agent's configuration. */
export interface SyncSettings {
  /** The agent's name: Redis key prefix. */
  agent: string;
  /** CONFLUENCE_SPACES: synced when a run names none. */
  spaces: readonly string[];
  /** Pages per list_pages call. */
  listLimit: number;
  /** How long a run's listings stay in Redis for its finish (and a retry's): as long as the run stays visible. */
  listingTtlMs: number;
  /** Notify also for runs that wrote nothing and failed nothing. */
  notifyQuietRuns: boolean;
}

export const SYNC_SETTINGS = Symbol('confluence-sync settings');
