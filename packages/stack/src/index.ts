export { startStack, type AppStatus, type Stack, type StackOptions } from './stack';
export {
  AGENT_APPS,
  APP_CATALOG,
  APP_NAMES,
  SERVICE_APPS,
  isAppName,
  appOfService,
  startWaves,
  type AgentApp,
  type AppEnvContext,
  type AppName,
  type AppSpec,
  type ConfluenceConnection,
  type ServiceApp,
  type WebhookTarget,
} from './catalog';
export { ProcessStartError, type ProcessExit, type ProcessState } from './managed-process';
export { findRepoRoot } from './repo';
export * from './fakes/confluence';
export { servePages, type PageServer } from './fakes/page-server';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './fakes/webhook-receiver';
export { hostLogFile, startStackInBackground, stopStack, StackRunningError } from './host/stack-control';
export { type HostedStackOptions } from './host/stack-host';
export { liveStackState, readStackState, type StackState } from './host/stack-state';
export { prometheusProcess, prometheusUrlFor, type ScrapeTarget } from './prometheus-process';
