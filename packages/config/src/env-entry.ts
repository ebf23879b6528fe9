// @emm/config/env: environment schemas and their validation without the Nest
// module, for processes that are no Nest app (the emm command line), which
// would otherwise load @nestjs/common just to read their environment.
export * from './env-helpers';
export * from './load-config';
export * from './platform-env';
