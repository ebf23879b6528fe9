{{/*
Labels. Callers pass (dict "ctx" $ "component" "api"); component may be empty.
Selector labels never change over a release's life (Deployments forbid it), so
they hold only name, instance and component.
*/}}

{{- define "emm-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "emm-lib.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/*
Selector of one Deployment: the selector labels plus `track` (stable or
canary), so a canary Deployment never claims the stable one's pods while the
Service, PodDisruptionBudget and NetworkPolicy (plain selector labels) cover
both. Takes (dict "ctx" $ "component" "api" "track" "stable").
*/}}
{{- define "emm-lib.workloadSelectorLabels" -}}
{{ include "emm-lib.selectorLabels" . }}
track: {{ .track | default "stable" }}
{{- end -}}

{{- define "emm-lib.labels" -}}
{{ include "emm-lib.selectorLabels" . }}
app.kubernetes.io/part-of: emm
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ include "emm-lib.chart" .ctx }}
{{- with .ctx.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | trunc 63 | trimSuffix "-" | quote }}
{{- end }}
{{- end -}}

{{/*
Labels a pod carries to be let through another EMM workload's NetworkPolicy:
`calls.emm.dev/<target>: "true"`. Takes (dict "values" $values).
*/}}
{{- define "emm-lib.callerLabels" -}}
{{- $needs := .values.needs -}}
{{- $targets := $needs.mcpServices | default list -}}
{{- if $needs.redis }}{{ $targets = prepend $targets "redis" }}{{ end -}}
{{- if $needs.ollama }}{{ $targets = append $targets "ollama" }}{{ end -}}
{{- range $targets }}
calls.emm.dev/{{ . }}: "true"
{{- end }}
{{- end -}}
