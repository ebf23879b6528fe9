import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { jdClassifier } from '@emm/contracts';
import type { ReadinessCheck } from '@emm/health';
import { InjectMcpClient, type McpClient } from '@emm/mcp';
import type { AppConfig } from '../config';
import type { JdStructureSnapshot, JdStructureSource } from './jd-structure-source';
import { RefreshingStructureSource } from './refreshing-structure-source';
import { snapshotFromTree } from './structure-tree';

/**
 * The JD structure in service, from jd-classifier-service's `get_structure`
 * through the MCP client (whose Redis cache other replicas share), kept in
 * memory for JD_STRUCTURE_MAX_AGE_MS. Ready once a structure is known.
 */
@Injectable()
export class JdStructureService implements JdStructureSource, ReadinessCheck, OnModuleInit {
  readonly name = 'jd-structure';
  private readonly logger = new Logger(JdStructureService.name);
  private readonly source: RefreshingStructureSource;

  constructor(@InjectMcpClient('jd-classifier') client: McpClient<'jd-classifier'>, config: ConfigService<AppConfig>) {
    this.source = new RefreshingStructureSource(
      async (previous) => {
        const snapshot = snapshotFromTree(await client.call(jdClassifier.getStructure, {}), previous);
        if (snapshot !== previous) {
          this.logger.log({ msg: 'JD structure loaded from jd-classifier-service', version: snapshot.version, categories: snapshot.index.categories().length });
        }
        return snapshot;
      },
      config.get('JD_STRUCTURE_MAX_AGE_MS'),
      { warn: (fields) => this.logger.warn(fields) },
    );
  }

  /** A first load at start, so the first request does not wait; its failure only delays readiness. */
  async onModuleInit(): Promise<void> {
    try {
      await this.source.getStructure();
    } catch (error) {
      this.logger.warn({ msg: 'JD structure not loaded yet; not ready until jd-classifier-service answers', reason: (error as Error).message });
    }
  }

  getStructure(): Promise<JdStructureSnapshot> {
    return this.source.getStructure();
  }

  async check(): Promise<void> {
    await this.source.getStructure();
  }
}
