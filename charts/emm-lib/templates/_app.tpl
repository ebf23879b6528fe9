{{/*
Everything an EMM app is, from its values alone. An app chart's only template:
  {{ include "emm-lib.app" . }}
*/}}
{{- define "emm-lib.app" -}}
{{- $ctx := . -}}
{{- include "emm-lib.validateApp" $ctx -}}
{{- $documents := list (include "emm-lib.serviceAccount" $ctx) (include "emm-lib.serviceMonitor" $ctx) (include "emm-lib.storageClaim" $ctx) -}}
{{- range $role := include "emm-lib.roles" $ctx | fromYamlArray -}}
{{- $args := dict "ctx" $ctx "role" $role -}}
{{- $documents = concat $documents (list (include "emm-lib.deployment" $args) (include "emm-lib.service" $args) (include "emm-lib.hpa" $args) (include "emm-lib.pdb" $args) (include "emm-lib.networkPolicy" $args)) -}}
{{- if $role.values.canary.enabled -}}
{{- $documents = append $documents (include "emm-lib.deployment" (dict "ctx" $ctx "role" (include "emm-lib.canaryRole" $args | fromYaml))) -}}
{{- if and (include "emm-lib.meshEnabled" $ctx) (not $role.headless) -}}
{{- $documents = append $documents (include "emm-lib.canaryTraffic" $args) -}}
{{- end -}}
{{- end -}}
{{- if $role.values.tests.enabled -}}
{{- $documents = append $documents (include "emm-lib.testPod" $args) -}}
{{- end -}}
{{- end -}}
{{- range $documents -}}
{{- if trim . }}
---
{{ trim . }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Checks the schema cannot express. */}}
{{- define "emm-lib.validateApp" -}}
{{- $name := include "emm-lib.name" . -}}
{{- if and .Values.worker (ne .Values.kind "agent") -}}
{{- fail (printf "%s: `worker` settings apply only to kind: agent (this app is kind: %s)" $name .Values.kind) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.minReplicas) 1) -}}
{{- fail (printf "%s: autoscaling.minReplicas must be at least 1" $name) -}}
{{- end -}}
{{- include "emm-lib.validateCanary" . -}}
{{- if .Values.needs.storage -}}
{{- include "emm-lib.validateStorage" . -}}
{{- end -}}
{{- if has $name (.Values.needs.mcpServices | default list) -}}
{{- fail (printf "%s: needs.mcpServices lists the app itself" $name) -}}
{{- end -}}
{{- end -}}
