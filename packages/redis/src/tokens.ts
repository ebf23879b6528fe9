/** The main Redis, request purpose (fail fast): `@Inject(REDIS_CLIENT) redis: Redis`. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/** The cache Redis (CACHE_REDIS_URL, else the main one), request purpose, its own connection. */
export const CACHE_REDIS_CLIENT = Symbol('CACHE_REDIS_CLIENT');
/** The RedisSettings given to RedisModule.forRoot, for code that opens its own connections (BullMQ workers). */
export const REDIS_SETTINGS = Symbol('REDIS_SETTINGS');
