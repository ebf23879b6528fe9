{{/*
Environment of an app container: (dict "ctx" $ "role" <role>).
The chart sets the platform contract (PORT, ROLE, shutdown timing, downward
API, telemetry, Redis, MCP auth and allowed hosts, service URLs, the JD
structure path); values add plain settings (global.env, env) and references
(extraEnv with valueFrom, envFrom). Secret values never come from values.
*/}}

{{/* Env names the chart owns; values.env may not set them. */}}
{{- define "emm-lib.managedEnvNames" -}}
PORT ROLE NODE_ENV LOG_LEVEL SERVICE_VERSION OTEL_SERVICE_NAME OTEL_RESOURCE_ATTRIBUTES SHUTDOWN_DRAIN_MS SHUTDOWN_TIMEOUT_MS K8S_POD_NAME K8S_NAMESPACE K8S_NODE_NAME OTEL_EXPORTER_OTLP_ENDPOINT REDIS_URL REDIS_HOST REDIS_PORT REDIS_PASSWORD MCP_AUTH_TOKEN MCP_ALLOWED_HOSTS JD_STRUCTURE_PATH STORAGE_BACKEND VAULT_DIR UNSORTED_DIR S3_BUCKET S3_VAULT_PREFIX S3_UNSORTED_PREFIX S3_REGION S3_ENDPOINT S3_FORCE_PATH_STYLE AWS_REGION AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_STS_REGIONAL_ENDPOINTS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
{{- end -}}

{{/* Names that hold secrets by convention: their values must come from a Secret. */}}
{{- define "emm-lib.secretEnvPattern" -}}
(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)
{{- end -}}

{{/* MCP_<SERVICE>_URL for an MCP service name: jd-classifier-service → MCP_JD_CLASSIFIER_URL. */}}
{{- define "emm-lib.mcpUrlEnvName" -}}
{{- printf "MCP_%s_URL" (. | trimSuffix "-service" | replace "-" "_" | upper) -}}
{{- end -}}

{{/* Host header values an MCP server accepts (DNS-rebinding protection). */}}
{{- define "emm-lib.mcpAllowedHosts" -}}
{{- $ctx := .ctx -}}
{{- $values := .role.values -}}
{{- $service := .role.serviceName -}}
{{- $port := int $values.service.port -}}
{{- $domain := dig "clusterDomain" "cluster.local" ($ctx.Values.global | default dict) -}}
{{- $hosts := list -}}
{{- range (list $service (printf "%s.%s" $service $ctx.Release.Namespace) (printf "%s.%s.svc" $service $ctx.Release.Namespace) (printf "%s.%s.svc.%s" $service $ctx.Release.Namespace $domain)) -}}
{{- $hosts = concat $hosts (list . (printf "%s:%d" . $port)) -}}
{{- end -}}
{{- if $values.mcp.allowLocalhost -}}
{{- $hosts = concat $hosts (list "localhost" (printf "localhost:%d" (int $values.port)) "127.0.0.1" (printf "127.0.0.1:%d" (int $values.port))) -}}
{{- end -}}
{{- concat $hosts ($values.mcp.allowedHosts | default list) | uniq | join "," -}}
{{- end -}}

{{/*
OTEL_EXPORTER_OTLP_ENDPOINT: global.telemetry.otlpEndpoint, where `in-chart`
means the OpenTelemetry Collector of the monitoring subchart (OTLP/HTTP).
*/}}
{{- define "emm-lib.otlpEndpoint" -}}
{{- $global := .Values.global | default dict -}}
{{- $endpoint := dig "telemetry" "otlpEndpoint" "" $global -}}
{{- if eq $endpoint "in-chart" -}}
{{- printf "http://%s:4318" (include "emm-lib.prefixedName" (dict "name" "otel-collector" "global" $global)) -}}
{{- else -}}
{{- $endpoint -}}
{{- end -}}
{{- end -}}

{{/* OLLAMA_URL of the in-chart Ollama (charts/ollama). */}}
{{- define "emm-lib.ollamaUrl" -}}
{{- printf "http://%s:11434" (include "emm-lib.prefixedName" (dict "name" "ollama" "global" (.Values.global | default dict))) -}}
{{- end -}}

{{- define "emm-lib.validateEnv" -}}
{{- $values := .values -}}
{{- $managed := include "emm-lib.managedEnvNames" . | splitList " " -}}
{{- $secretPattern := include "emm-lib.secretEnvPattern" . -}}
{{- $plain := merge (dict) ($values.env | default dict) (dig "env" dict (.ctx.Values.global | default dict)) -}}
{{- range $name, $_ := $plain -}}
{{- if has $name $managed -}}
{{- fail (printf "%s: env.%s is set by the chart; use the chart's own setting for it (see charts/README.md)" $.app $name) -}}
{{- end -}}
{{- if regexMatch $secretPattern $name -}}
{{- fail (printf "%s: env.%s looks like a secret; keep its value in a Secret and reference it with extraEnv (valueFrom.secretKeyRef)" $.app $name) -}}
{{- end -}}
{{- end -}}
{{- range ($values.extraEnv | default list) -}}
{{- if and (hasKey . "value") (regexMatch $secretPattern .name) -}}
{{- fail (printf "%s: extraEnv %s has a literal value but looks like a secret; use valueFrom.secretKeyRef" $.app .name) -}}
{{- end -}}
{{- end -}}
{{- if and $values.needs.ollama (hasKey $plain "OLLAMA_URL") -}}
{{- fail (printf "%s: env.OLLAMA_URL is set by the chart with needs.ollama (the in-chart Ollama); drop one of the two" $.app) -}}
{{- end -}}
{{- range ($values.requiredEnv | default list) -}}
{{- if not (toString (get $plain . | default "")) -}}
{{- fail (printf "%s: env.%s is required: set %s.env.%s in the values" $.app . $.chart .) -}}
{{- end -}}
{{- end -}}
{{- range $name, $ref := ($values.secretEnv | default dict) -}}
{{- if has $name $managed -}}
{{- fail (printf "%s: secretEnv.%s is set by the chart; use the chart's own setting for it (see charts/README.md)" $.app $name) -}}
{{- end -}}
{{- if hasKey $plain $name -}}
{{- fail (printf "%s: %s is in both env and secretEnv; keep it in one place" $.app $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "emm-lib.env" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $values := $role.values -}}
{{- $global := $ctx.Values.global | default dict -}}
{{- $needs := $values.needs -}}
{{- include "emm-lib.validateEnv" (dict "ctx" $ctx "values" $values "app" $role.name "chart" (include "emm-lib.name" $ctx)) -}}
- name: PORT
  value: {{ $values.port | int | quote }}
{{- if ne $role.role "server" }}
- name: ROLE
  value: {{ $role.role }}
{{- end }}
- name: NODE_ENV
  value: production
- name: LOG_LEVEL
  value: {{ $values.logLevel | default (dig "logLevel" "info" $global) | quote }}
- name: SERVICE_VERSION
  value: {{ include "emm-lib.imageTag" (dict "image" $values.image "ctx" $ctx) | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ include "emm-lib.name" $ctx }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "service.namespace=emm,deployment.environment.name=%s" (dig "environment" "dev" $global) | quote }}
- name: SHUTDOWN_DRAIN_MS
  value: {{ $values.shutdown.drainMs | int | quote }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ $values.shutdown.timeoutMs | int | quote }}
- name: K8S_POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: K8S_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: K8S_NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
{{- with include "emm-lib.otlpEndpoint" $ctx }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- if $needs.redis }}
{{- $redis := dig "redis" dict $global -}}
{{- $urlSecret := dig "urlSecret" dict $redis -}}
{{- if $urlSecret.name }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $urlSecret.name }}
      key: {{ $urlSecret.key | default "redis-url" }}
{{- else if $redis.url }}
- name: REDIS_URL
  value: {{ $redis.url | quote }}
{{- else }}
- name: REDIS_HOST
  value: {{ include "emm-lib.redisHost" $ctx }}
- name: REDIS_PORT
  value: {{ dig "port" 6379 $redis | int | quote }}
{{- end }}
{{- with dig "auth" "existingSecret" "" $redis }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ dig "auth" "passwordKey" "redis-password" $redis }}
{{- end }}
{{- end }}
{{- if $needs.mcpAuth }}
{{- with dig "auth" "existingSecret" "" $global }}
- name: MCP_AUTH_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ dig "auth" "key" "mcp-auth-token" $global }}
{{- end }}
{{- end }}
{{- if eq $role.role "server" }}
- name: MCP_ALLOWED_HOSTS
  value: {{ include "emm-lib.mcpAllowedHosts" . | quote }}
{{- end }}
{{- range $needs.mcpServices }}
- name: {{ include "emm-lib.mcpUrlEnvName" . }}
  value: {{ printf "http://%s:8080/mcp" (include "emm-lib.prefixedName" (dict "name" . "global" $global)) | quote }}
{{- end }}
{{- if $needs.jdStructure }}
- name: JD_STRUCTURE_PATH
  value: /etc/emm/jd/jd.yaml
{{- end }}
{{- if $needs.ollama }}
- name: OLLAMA_URL
  value: {{ include "emm-lib.ollamaUrl" $ctx | quote }}
{{- end }}
{{- if $needs.storage }}
{{- include "emm-lib.storageEnv" $ctx }}
{{- end }}
{{- $plain := merge (dict) ($values.env | default dict) (dig "env" dict $global) -}}
{{- range $name := keys $plain | sortAlpha }}
- name: {{ $name }}
  value: {{ get $plain $name | toString | quote }}
{{- end }}
{{- range $name := keys ($values.secretEnv | default dict) | sortAlpha }}
{{- with get $values.secretEnv $name }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- with $values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
