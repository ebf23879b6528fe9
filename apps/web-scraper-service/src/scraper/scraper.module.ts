import { Module } from '@nestjs/common';
import { HOST_RESOLVER, systemResolver } from '../safety/host-resolver';
import { ScraperService } from './scraper.service';

/** The page scraper; HOST_RESOLVER is the one seam tests replace (with a resolver of their own names). */
@Module({
  providers: [{ provide: HOST_RESOLVER, useValue: systemResolver }, ScraperService],
  exports: [ScraperService],
})
export class ScraperModule {}
