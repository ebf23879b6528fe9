// @emm/stack/state: find the local stack and read what it runs, without
// loading what starts one (Redis, the apps, the fakes): for commands that only
// point clients at a running stack, such as every `emm runs` or `emm call`.
export { APP_CATALOG, isAppName, type AppName, type AppSpec } from './catalog';
export { liveStackState, readStackState, type StackState } from './host/stack-state';
export { findRepoRoot } from './repo';
