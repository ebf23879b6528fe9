import { Module } from '@nestjs/common';
import { JD_STRUCTURE_SOURCE } from './jd-structure-source';
import { JdStructureService } from './jd-structure.service';

/** Where the JD structure comes from: jd-classifier-service, over MCP. */
@Module({
  providers: [JdStructureService, { provide: JD_STRUCTURE_SOURCE, useExisting: JdStructureService }],
  exports: [JdStructureService, JD_STRUCTURE_SOURCE],
})
export class StructureModule {}
