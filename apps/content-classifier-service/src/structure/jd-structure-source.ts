import type { JdIndex } from '@emm/jd';

/** One version of the user's JD structure, ready for scoring and lookups. */
export interface JdStructureSnapshot {
  index: JdIndex;
  /**
   * Identifies this structure: part of every cache key, so a changed
   * structure never serves classifications made against the old one.
   */
  version: string;
}

/**
 * Where the JD structure comes from. In the service that is
 * jd-classifier-service (`get_structure` over MCP), never a second copy of
 * jd.yaml; tests give a structure loaded from a file.
 */
export interface JdStructureSource {
  getStructure(signal?: AbortSignal): Promise<JdStructureSnapshot>;
}

/** Nest injection token of the JdStructureSource in service. */
export const JD_STRUCTURE_SOURCE = Symbol('JD_STRUCTURE_SOURCE');
