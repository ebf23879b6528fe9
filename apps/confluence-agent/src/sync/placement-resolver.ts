import { jdClassifier } from '@emm/contracts';
import { McpCallError, type McpClient } from '@emm/mcp';
import type { Placement } from './note-record';
import type { SpaceRef } from './page-item';
import { decidePlacement, newIdRequest, type Classification } from './placement';

/** Turns a classification into the folder a new page's note goes to, asking jd-classifier for the inbox or a new ID. */
export class PlacementResolver {
  constructor(private readonly jd: McpClient<'jd-classifier'>) {}

  async resolve(classification: Classification, space: SpaceRef, fileTitle: string, signal: AbortSignal): Promise<Placement> {
    const decision = decidePlacement(classification);
    if (decision.kind === 'existing') return { folder: decision.folder, jdId: decision.jdId, inbox: false, fileTitle };
    if (decision.kind === 'allocate') {
      try {
        const allocated = await this.jd.call(jdClassifier.allocateId, newIdRequest(space, decision.categoryId), { signal });
        return { folder: allocated.path, jdId: allocated.id, inbox: false, fileTitle };
      } catch (error) {
        // The category is full (failed_precondition) or went away with a structure reload (not_found): a person decides.
        if (!isToolError(error, 'failed_precondition') && !isToolError(error, 'not_found')) throw error;
      }
    }
    const { reviewInbox } = await this.jd.call(jdClassifier.getStructure, {}, { signal });
    return { folder: reviewInbox.path, jdId: reviewInbox.id, inbox: true, fileTitle };
  }
}

function isToolError(error: unknown, code: string): boolean {
  return error instanceof McpCallError && error.kind === 'tool_error' && error.code === code;
}
