{{/* The app's ServiceAccount (shared by its roles); its token is not mounted unless asked for. */}}
{{- define "emm-lib.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "emm-lib.serviceAccountName" . }}
  labels: {{- include "emm-lib.labels" (dict "ctx" . "component" "") | nindent 4 }}
  {{- $annotations := .Values.serviceAccount.annotations | default dict }}
  {{- if and .Values.needs.storage (eq (include "emm-lib.storageMode" .) "s3") }}
  {{- $annotations = merge (include "emm-lib.awsServiceAccountAnnotations" (include "emm-lib.storage" . | fromYaml).s3 | fromYaml | default dict) $annotations }}
  {{- end }}
  {{- with $annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
{{- end -}}
{{- end -}}
