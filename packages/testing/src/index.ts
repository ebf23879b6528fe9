export { startBuiltService, type BuiltService, type StartBuiltServiceOptions } from './built-service';
export { filesUnder } from './files';
export { freePort } from './ports';
export { spawnProcess, type ProcessExit, type ProcessHandle, type SpawnProcessOptions } from './process';
export { startRedis, type RedisServer, type StartRedisOptions } from './redis-server';
export { httpStatus } from './http-status';
export { sleep, waitFor, type WaitForOptions } from './wait';
