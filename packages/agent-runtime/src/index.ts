// @emm/agent-runtime: what every EMM agent shares — workflows on BullMQ (a run
// is a flow of one job per item), the run API with SSE progress, schedules,
// and the workflow metrics.
export {
  FINAL_RUN_STATES,
  ITEM_STATUSES,
  RUN_STATES,
  PermanentItemError,
  type ItemOutcome,
  type ItemResult,
  type ItemResultStatus,
  type ItemStatus,
  type PlanResult,
  type RejectedItem,
  type RunCounts,
  type RunState,
  type RunSummary,
  type RunView,
  type WorkItem,
  type Workflow,
  type WorkflowContext,
  type WorkflowLog,
} from './workflow';
export { AGENT_ROLES, agentEnvRules, agentEnvSchema, agentSettingsFromEnv, type AgentEnv, type AgentRole, type AgentSettings } from './agent-env';
export { AgentRuntimeModule, type AgentRuntimeModuleOptions } from './agent-runtime.module';
export { AgentRuntime } from './agent-runtime';
export { type RunEvent } from './runs/run-events';
export { type RunDetail } from './runs/run-service';
export { parseSchedule, type Schedule } from './schedule/schedule';
