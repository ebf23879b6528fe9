{{/* Resources of one Ollama server: CPU/memory plus the GPUs. */}}
{{- define "ollama.resources" -}}
{{- $resources := deepCopy .Values.resources -}}
{{- if .Values.gpu.enabled -}}
{{- $gpu := dict .Values.gpu.resourceName (.Values.gpu.count | int) -}}
{{- $_ := set $resources "requests" (merge (dict) ($resources.requests | default dict) $gpu) -}}
{{- $_ := set $resources "limits" (merge (dict) ($resources.limits | default dict) $gpu) -}}
{{- end -}}
{{- toYaml $resources -}}
{{- end -}}

{{- define "ollama.headlessName" -}}
{{- include "emm-lib.suffixedName" (dict "ctx" . "suffix" "headless") -}}
{{- end -}}

{{/* The pull Job's name changes with what it pulls and with which image, so a change runs it again. */}}
{{- define "ollama.pullJobName" -}}
{{- $digest := list .Values.models .Values.image .Values.replicas | toJson | sha256sum | trunc 8 -}}
{{- include "emm-lib.suffixedName" (dict "ctx" . "suffix" (printf "pull-%s" $digest)) -}}
{{- end -}}
