{{/*
Autoscaling of one role (autoscaling.enabled), by autoscaling.mode:
  hpa-cpu             HorizontalPodAutoscaler on CPU and/or memory utilisation.
  keda                KEDA ScaledObject on the BullMQ wait lists
                      (redis trigger, LLEN bull:<queue>:wait) of autoscaling.queue.names,
                      the Redis password through a TriggerAuthentication from the
                      Redis Secret. Rendered when the cluster serves keda.sh/v1alpha1
                      or global.keda.enabled is true; otherwise (auto, no KEDA)
                      the hpa-cpu autoscaler stands in.
  prometheus-adapter  HorizontalPodAutoscaler on the External metric
                      queue_jobs{queue, state="waiting"} that prometheus-adapter
                      serves from the apps' own gauge (docs/operations.md has the
                      adapter rule).
Both queue modes aim at autoscaling.queue.targetWaitingJobs waiting jobs per pod.
*/}}

{{- define "emm-lib.kedaEnabled" -}}
{{- include "emm-lib.prometheusOperatorEnabled" (dict "ctx" . "setting" (dig "keda" "enabled" "auto" (.Values.global | default dict)) "api" "keda.sh/v1alpha1") -}}
{{- end -}}

{{/* The autoscaler kind a role actually gets: "", hpa-cpu, keda or prometheus-adapter. (dict "ctx" $ "role" <role>) */}}
{{- define "emm-lib.autoscalingMode" -}}
{{- $autoscaling := .role.values.autoscaling -}}
{{- if and $autoscaling.enabled (eq (.role.track | default "stable") "stable") -}}
{{- $mode := $autoscaling.mode | default "hpa-cpu" -}}
{{- if and (eq $mode "keda") (not (include "emm-lib.kedaEnabled" .ctx)) -}}
hpa-cpu
{{- else -}}
{{- $mode -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "emm-lib.validateAutoscaling" -}}
{{- $autoscaling := .role.values.autoscaling -}}
{{- $name := .role.name -}}
{{- if $autoscaling.enabled -}}
{{- if gt (int $autoscaling.minReplicas) (int $autoscaling.maxReplicas) -}}
{{- fail (printf "%s: autoscaling.minReplicas (%d) is above maxReplicas (%d)" $name (int $autoscaling.minReplicas) (int $autoscaling.maxReplicas)) -}}
{{- end -}}
{{- $mode := $autoscaling.mode | default "hpa-cpu" -}}
{{- if and (has $mode (list "keda" "prometheus-adapter")) (not (dig "queue" "names" list $autoscaling)) -}}
{{- fail (printf "%s: autoscaling.mode %s scales on queue depth: list the BullMQ queues in autoscaling.queue.names" $name $mode) -}}
{{- end -}}
{{- if and (ne $mode "prometheus-adapter") (not (or $autoscaling.targetCPUUtilizationPercentage $autoscaling.targetMemoryUtilizationPercentage)) -}}
{{- if eq $mode "hpa-cpu" -}}
{{- fail (printf "%s: autoscaling is enabled but neither targetCPUUtilizationPercentage nor targetMemoryUtilizationPercentage is set" $name) -}}
{{- else if not (include "emm-lib.kedaEnabled" .ctx) -}}
{{- fail (printf "%s: autoscaling.mode keda falls back to a CPU/memory autoscaler where KEDA is not installed, but neither targetCPUUtilizationPercentage nor targetMemoryUtilizationPercentage is set (or set global.keda.enabled=true)" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "emm-lib.hpaResourceMetrics" -}}
{{- with .targetCPUUtilizationPercentage }}
- type: Resource
  resource:
    name: cpu
    target:
      type: Utilization
      averageUtilization: {{ . | int }}
{{- end }}
{{- with .targetMemoryUtilizationPercentage }}
- type: Resource
  resource:
    name: memory
    target:
      type: Utilization
      averageUtilization: {{ . | int }}
{{- end }}
{{- end -}}

{{/* Where KEDA (in its own namespace) reaches Redis: host:port, and whether with TLS. */}}
{{- define "emm-lib.kedaRedisAddress" -}}
{{- $global := .ctx.Values.global | default dict -}}
{{- $redis := dig "redis" dict $global -}}
{{- if dig "urlSecret" "name" "" $redis -}}
{{- fail (printf "%s: autoscaling.mode keda needs the Redis address in the clear: the Redis URL comes from a Secret (global.redis.urlSecret); set global.redis.url (without credentials) and global.redis.auth.existingSecret instead" .name) -}}
{{- else if $redis.url -}}
{{- $url := urlParse $redis.url -}}
{{- $hostPort := splitList ":" $url.host -}}
address: {{ printf "%s:%s" (first $hostPort) (ternary (last $hostPort) "6379" (gt (len $hostPort) 1)) | quote }}
enableTLS: {{ ternary "true" "false" (eq $url.scheme "rediss") | quote }}
databaseIndex: {{ trimPrefix "/" $url.path | default "0" | quote }}
{{- else -}}
address: {{ printf "%s:%d" (include "emm-lib.serviceFqdn" (dict "ctx" .ctx "service" (include "emm-lib.redisHost" .ctx))) (int (dig "port" 6379 $redis)) | quote }}
enableTLS: "false"
databaseIndex: "0"
{{- end -}}
{{- end -}}

{{- define "emm-lib.hpa" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $autoscaling := $role.values.autoscaling -}}
{{- include "emm-lib.validateAutoscaling" . -}}
{{- $mode := include "emm-lib.autoscalingMode" . -}}
{{- $queue := $autoscaling.queue | default dict -}}
{{- $target := $queue.targetWaitingJobs | default 20 | int -}}
{{- if eq $mode "keda" -}}
{{- $redisAuth := dig "redis" "auth" dict ($ctx.Values.global | default dict) -}}
{{- $keda := $autoscaling.keda | default dict -}}
{{- if $redisAuth.existingSecret -}}
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ $role.name }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  secretTargetRef:
    - parameter: password
      name: {{ $redisAuth.existingSecret }}
      key: {{ $redisAuth.passwordKey | default "redis-password" }}
---
{{ end -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $role.name }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $role.name }}
  minReplicaCount: {{ $autoscaling.minReplicas | int }}
  maxReplicaCount: {{ $autoscaling.maxReplicas | int }}
  pollingInterval: {{ $keda.pollingInterval | default 15 | int }}
  cooldownPeriod: {{ $keda.cooldownPeriod | default 300 | int }}
  {{- with $autoscaling.behavior }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior: {{- toYaml . | nindent 8 }}
  {{- end }}
  triggers:
    {{- range $queue.names }}
    - type: redis
      metadata:
        {{- include "emm-lib.kedaRedisAddress" (dict "ctx" $ctx "name" $role.name) | nindent 8 }}
        # BullMQ keeps a queue's waiting jobs in the list bull:<queue>:wait.
        listName: {{ printf "bull:%s:wait" . | quote }}
        listLength: {{ $target | quote }}
        activationListLength: {{ $queue.activationWaitingJobs | default 0 | int | quote }}
      {{- if $redisAuth.existingSecret }}
      authenticationRef:
        name: {{ $role.name }}
      {{- end }}
    {{- end }}
{{- else if $mode -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $role.name }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $role.name }}
  minReplicas: {{ $autoscaling.minReplicas | int }}
  maxReplicas: {{ $autoscaling.maxReplicas | int }}
  metrics:
    {{- if eq $mode "prometheus-adapter" }}
    {{- range $queue.names }}
    # Waiting jobs of the queue, spread over the pods: scale until each has at most the target.
    - type: External
      external:
        metric:
          name: queue_jobs
          selector:
            matchLabels:
              queue: {{ . | quote }}
              state: waiting
        target:
          type: AverageValue
          averageValue: {{ $target | quote }}
    {{- end }}
    {{- end }}
    {{- include "emm-lib.hpaResourceMetrics" $autoscaling | nindent 4 }}
  {{- with $autoscaling.behavior }}
  behavior: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}
