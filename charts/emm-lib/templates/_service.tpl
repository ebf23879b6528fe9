{{/*
Service of one role: (dict "ctx" $ "role" <role>). The api/server role gets the
app's Service (what clients call); an agent's worker gets a headless Service
so Prometheus can discover its pods.
*/}}
{{- define "emm-lib.service" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $values := $role.values -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ $role.serviceName }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
  {{- with $values.service.annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- if $role.headless }}
  type: ClusterIP
  clusterIP: None
  {{- else }}
  type: {{ $values.service.type }}
  {{- end }}
  selector: {{- include "emm-lib.selectorLabels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
  ports:
    - name: http
      port: {{ $values.service.port | int }}
      targetPort: http
      protocol: TCP
{{- end -}}
