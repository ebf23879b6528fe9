import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ManagedProcess } from './managed-process';

const HOST = '127.0.0.1';

export interface ScrapeTarget {
  /** The app, as the chart's ServiceMonitors label it (service, pod). */
  name: string;
  port: number;
}

/**
 * A Prometheus for the local stack (the Debian package's binary): every app
 * scraped every 5 s with the labels the chart's ServiceMonitors give them
 * (namespace="emm", service, pod), so the project's alert rules
 * (charts/emm/files/alerts.yaml) load and evaluate unchanged.
 */
export function prometheusProcess(options: { port: number; dir: string; targets: readonly ScrapeTarget[]; alertRulesFile: string; logFile: string; readyTimeoutMs: number }): ManagedProcess {
  mkdirSync(join(options.dir, 'data'), { recursive: true });
  copyFileSync(options.alertRulesFile, join(options.dir, 'emm-alerts.yaml'));
  const config = {
    global: { scrape_interval: '5s', evaluation_interval: '5s' },
    rule_files: ['emm-alerts.yaml'],
    scrape_configs: [
      {
        job_name: 'emm',
        static_configs: options.targets.map((target) => ({
          targets: [`${HOST}:${target.port}`],
          labels: { namespace: 'emm', service: target.name, pod: target.name },
        })),
      },
    ],
  };
  const configFile = join(options.dir, 'prometheus.yml');
  writeFileSync(configFile, `# Written by @emm/stack for the local stack.\n${stringify(config)}`);
  return new ManagedProcess({
    name: 'prometheus',
    command: process.env.PROMETHEUS_BIN ?? 'prometheus',
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(options.dir, 'data')}`,
      `--web.listen-address=${HOST}:${options.port}`,
      '--storage.tsdb.retention.time=2d',
    ],
    env: { PATH: process.env.PATH },
    logFile: options.logFile,
    isReady: async () => {
      try {
        const response = await fetch(`http://${HOST}:${options.port}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        await response.body?.cancel();
        return response.status === 200;
      } catch {
        return false;
      }
    },
    readyTimeoutMs: options.readyTimeoutMs,
    stopGraceMs: 10_000,
  });
}

export function prometheusUrlFor(port: number): string {
  return `http://${HOST}:${port}`;
}
