import { Module } from '@nestjs/common';
import { REDIS_CLIENT } from '@emm/redis';
import type Redis from 'ioredis';
import { IdAllocator } from '../allocation/id-allocator';
import { StructureService } from './structure.service';

/** The JD structure in service and the ID allocator: what the tools work on. */
@Module({
  providers: [
    StructureService,
    // Allocations are durable state, so they use the main (noeviction) Redis, never the cache.
    { provide: IdAllocator, inject: [REDIS_CLIENT], useFactory: (redis: Redis) => new IdAllocator(redis) },
  ],
  exports: [StructureService, IdAllocator],
})
export class JdModule {}
