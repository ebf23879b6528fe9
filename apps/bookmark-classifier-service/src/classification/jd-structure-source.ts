import { JD_FORMAT_VERSION, JdIndex, type JdStructure } from '@emm/jd';
import type { jdClassifier } from '@emm/contracts';
import type { ToolResult } from '@emm/mcp';

export type StructureView = ToolResult<typeof jdClassifier.getStructure>;

export interface StructureSnapshot {
  index: JdIndex;
  /** jd-classifier's version of the structure (sha256 of jd.yaml). */
  version: string;
}

/**
 * The JD structure as jd-classifier serves it, kept locally as a JdIndex so
 * rule targets and folder names resolve without a call per bookmark. It is
 * fetched again once older than `maxAgeMs` (one fetch at a time); when a
 * refresh fails, the last structure stays in use and the failure only
 * surfaces while there is none.
 */
export class JdStructureSource {
  private snapshot?: StructureSnapshot;
  private fetchedAt = 0;
  private inFlight?: Promise<StructureSnapshot>;

  constructor(
    private readonly fetchStructure: () => Promise<StructureView>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<StructureSnapshot> {
    if (this.snapshot && this.now() - this.fetchedAt < this.maxAgeMs) return this.snapshot;
    this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
    try {
      return await this.inFlight;
    } catch (error) {
      if (this.snapshot) return this.snapshot;
      throw error;
    }
  }

  private async refresh(): Promise<StructureSnapshot> {
    const view = await this.fetchStructure();
    if (this.snapshot?.version !== view.version) this.snapshot = { index: new JdIndex(toStructure(view)), version: view.version };
    this.fetchedAt = this.now();
    return this.snapshot;
  }
}

/** get_structure's tree → the JdStructure a JdIndex is built on; IDs allocated at run time are IDs like any other. */
export function toStructure(view: StructureView): JdStructure {
  const node = ({ id, name, description, keywords }: { id: string; name: string; description?: string; keywords: string[] }) => ({
    id,
    name,
    ...(description !== undefined && { description }),
    keywords,
  });
  return {
    version: JD_FORMAT_VERSION,
    ...(view.name !== undefined && { name: view.name }),
    settings: { reviewInbox: view.reviewInbox.id },
    areas: view.areas.map((area) => ({
      ...node(area),
      categories: area.categories.map((category) => ({ ...node(category), ids: category.ids.map(node) })),
    })),
  };
}
