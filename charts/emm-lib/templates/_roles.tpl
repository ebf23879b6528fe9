{{/*
Roles: the Deployments an app is made of.
  kind: mcp   → one Deployment "<fullname>" (component mcp-server), Service "<fullname>".
  kind: agent → "<fullname>-api" (ROLE=api, Service "<fullname>") and
                "<fullname>-worker" (ROLE=worker, headless Service "<fullname>-worker"
                for metrics only). The worker's values are the app's values with
                `worker:` merged over them, so only what differs is written there.
Returns a YAML list; each item: role, component, name, serviceName, headless,
testName (the helm test pod) and values.
*/}}
{{- define "emm-lib.roles" -}}
{{- $fullname := include "emm-lib.fullname" . -}}
{{- $values := omit .Values "worker" "emm-lib" -}}
{{- if eq .Values.kind "agent" -}}
{{- $worker := include "emm-lib.deepMerge" (dict "base" $values "over" (.Values.worker | default dict)) | fromYaml -}}
- role: api
  component: api
  name: {{ include "emm-lib.suffixedName" (dict "ctx" . "suffix" "api") }}
  serviceName: {{ $fullname }}
  headless: false
  testName: {{ include "emm-lib.suffixedName" (dict "ctx" . "suffix" "api-test-ready") }}
  values: {{- toYaml $values | nindent 4 }}
- role: worker
  component: worker
  name: {{ include "emm-lib.suffixedName" (dict "ctx" . "suffix" "worker") }}
  serviceName: {{ include "emm-lib.suffixedName" (dict "ctx" . "suffix" "worker") }}
  headless: true
  testName: {{ include "emm-lib.suffixedName" (dict "ctx" . "suffix" "worker-test-ready") }}
  values: {{- toYaml $worker | nindent 4 }}
{{- else -}}
- role: server
  component: mcp-server
  name: {{ $fullname }}
  serviceName: {{ $fullname }}
  headless: false
  testName: {{ include "emm-lib.suffixedName" (dict "ctx" . "suffix" "test-ready") }}
  values: {{- toYaml $values | nindent 4 }}
{{- end -}}
{{- end -}}
