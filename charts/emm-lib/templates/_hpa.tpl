{{/* HorizontalPodAutoscaler of one role, on CPU and/or memory utilisation of the requests. */}}
{{- define "emm-lib.hpa" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $autoscaling := $role.values.autoscaling -}}
{{- if $autoscaling.enabled -}}
{{- if not (or $autoscaling.targetCPUUtilizationPercentage $autoscaling.targetMemoryUtilizationPercentage) -}}
{{- fail (printf "%s: autoscaling is enabled but neither targetCPUUtilizationPercentage nor targetMemoryUtilizationPercentage is set" $role.name) -}}
{{- end -}}
{{- if gt (int $autoscaling.minReplicas) (int $autoscaling.maxReplicas) -}}
{{- fail (printf "%s: autoscaling.minReplicas (%d) is above maxReplicas (%d)" $role.name (int $autoscaling.minReplicas) (int $autoscaling.maxReplicas)) -}}
{{- end -}}
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
    {{- with $autoscaling.targetCPUUtilizationPercentage }}
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ . | int }}
    {{- end }}
    {{- with $autoscaling.targetMemoryUtilizationPercentage }}
    - type: Resource
      resource:
        name: memory
        target:
          type: Utilization
          averageUtilization: {{ . | int }}
    {{- end }}
  {{- with $autoscaling.behavior }}
  behavior: {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
{{- end -}}
