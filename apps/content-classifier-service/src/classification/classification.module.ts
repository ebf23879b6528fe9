import { Module } from '@nestjs/common';
import { StructureModule } from '../structure/structure.module';
import { ClassificationService } from './classification.service';

@Module({
  imports: [StructureModule],
  providers: [ClassificationService],
  exports: [ClassificationService],
})
export class ClassificationModule {}
