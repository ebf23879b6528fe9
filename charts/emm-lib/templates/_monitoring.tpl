{{/*
Resources of an operator's API (Prometheus Operator, KEDA, …) are rendered per
a three-way setting: "auto" (default) when the cluster serves the API, true to
force (e.g. `helm template` for GitOps), false never.
Call with (dict "ctx" $ "setting" <value> ["api" "keda.sh/v1alpha1"]); the API
defaults to monitoring.coreos.com/v1. Returns "true" or "".
*/}}
{{- define "emm-lib.prometheusOperatorEnabled" -}}
{{- $setting := ternary "auto" (toString .setting) (kindIs "invalid" .setting) -}}
{{- if eq $setting "true" -}}
true
{{- else if and (eq $setting "auto") (.ctx.Capabilities.APIVersions.Has (.api | default "monitoring.coreos.com/v1")) -}}
true
{{- end -}}
{{- end -}}

{{/*
ServiceMonitor for the Services matching `selector` (a label map), scraping
`port` at `path`: (dict "ctx" $ "name" ... "selector" ... "port" ... "path" ...).
*/}}
{{- define "emm-lib.serviceMonitorFor" -}}
{{- $ctx := .ctx -}}
{{- $settings := dig "monitoring" "serviceMonitor" dict ($ctx.Values.global | default dict) -}}
{{- if include "emm-lib.prometheusOperatorEnabled" (dict "ctx" $ctx "setting" (dig "enabled" "auto" $settings)) -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ .name }}
  labels:
    {{- include "emm-lib.labels" (dict "ctx" $ctx "component" "") | nindent 4 }}
    {{- with $settings.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels: {{- toYaml .selector | nindent 6 }}
  namespaceSelector:
    matchNames: [{{ $ctx.Release.Namespace | quote }}]
  podTargetLabels: [app.kubernetes.io/component, app.kubernetes.io/part-of, track]
  endpoints:
    - port: {{ .port }}
      path: {{ .path }}
      interval: {{ $settings.interval | default "30s" }}
      scrapeTimeout: {{ $settings.scrapeTimeout | default "10s" }}
{{- end -}}
{{- end -}}

{{/* The app's ServiceMonitor: every role's Service (api and worker alike). */}}
{{- define "emm-lib.serviceMonitor" -}}
{{- if .Values.metrics.enabled -}}
{{- include "emm-lib.serviceMonitorFor" (dict "ctx" . "name" (include "emm-lib.fullname" .) "selector" (include "emm-lib.selectorLabels" (dict "ctx" . "component" "") | fromYaml) "port" "http" "path" .Values.metrics.path) -}}
{{- end -}}
{{- end -}}
