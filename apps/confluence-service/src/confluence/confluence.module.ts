import { Module } from '@nestjs/common';
import { confluenceApiProvider, ConfluenceService } from './confluence.service';

@Module({
  providers: [confluenceApiProvider, ConfluenceService],
  exports: [ConfluenceService],
})
export class ConfluenceModule {}
