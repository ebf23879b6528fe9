{{/*
The stack's components are named like the apps (behind global.namePrefix) and
labelled with their own app.kubernetes.io/name, so the apps' NetworkPolicies can
let the release's Prometheus in and the release's collector out.
(dict "ctx" $ "name" "prometheus")
*/}}
{{- define "monitoring.name" -}}
{{- include "emm-lib.prefixedName" (dict "name" .name "global" (.ctx.Values.global | default dict)) -}}
{{- end -}}

{{- define "monitoring.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: monitoring
{{- end -}}

{{- define "monitoring.labels" -}}
{{ include "monitoring.selectorLabels" . }}
app.kubernetes.io/part-of: emm
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ include "emm-lib.chart" .ctx }}
{{- end -}}

{{/* Pod-level settings every component shares: restricted security, scheduling, no API token. */}}
{{- define "monitoring.podSpec" -}}
enableServiceLinks: false
securityContext: {{- include "emm-lib.podSecurityContext" .ctx | nindent 2 }}
{{- with include "emm-lib.imagePullSecrets" .ctx }}
{{ . }}
{{- end }}
{{- with .ctx.Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .ctx.Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .ctx.Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The ConfigMaps the umbrella renders from its files (rules, dashboards). */}}
{{- define "monitoring.rulesConfigMap" -}}
{{- include "emm-lib.prefixedName" (dict "name" "emm-prometheus-rules" "global" (.Values.global | default dict)) -}}
{{- end -}}
{{- define "monitoring.dashboardsConfigMap" -}}
{{- include "emm-lib.prefixedName" (dict "name" "emm-grafana-dashboards" "global" (.Values.global | default dict)) -}}
{{- end -}}

{{- define "monitoring.volumeClaim" -}}
{{- if .persistence.enabled }}
persistentVolumeClaim:
  claimName: {{ .claim }}
{{- else }}
emptyDir:
  sizeLimit: {{ .persistence.size }}
{{- end }}
{{- end -}}

{{- define "monitoring.pvc" -}}
{{- if .persistence.enabled -}}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ .claim }}
  labels: {{- include "monitoring.labels" (dict "ctx" .ctx "name" .name) | nindent 4 }}
spec:
  accessModes: {{- toYaml .persistence.accessModes | nindent 4 }}
  {{- with .persistence.storageClass }}
  storageClassName: {{ . | quote }}
  {{- end }}
  resources:
    requests:
      storage: {{ .persistence.size }}
{{- end -}}
{{- end -}}
