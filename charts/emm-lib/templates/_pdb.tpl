{{/* PodDisruptionBudget of one role: minAvailable when set, else maxUnavailable. */}}
{{- define "emm-lib.pdb" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $pdb := $role.values.podDisruptionBudget -}}
{{- if $pdb.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $role.name }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  {{- if not (kindIs "invalid" $pdb.minAvailable) }}
  minAvailable: {{ $pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $pdb.maxUnavailable | default 1 }}
  {{- end }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {{- include "emm-lib.selectorLabels" (dict "ctx" $ctx "component" $role.component) | nindent 6 }}
{{- end -}}
{{- end -}}
