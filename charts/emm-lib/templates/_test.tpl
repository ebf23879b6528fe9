{{/*
`helm test`: a pod per role that asks the role's Service for /health/ready
(ready means its dependencies, Redis included, answer). Its NetworkPolicy is a
test hook too, created first (lower weight) and removed with the pod.
*/}}
{{- define "emm-lib.testPod" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $global := $ctx.Values.global | default dict -}}
{{- $image := dig "tests" "image" dict $global -}}
{{- $name := $role.testName -}}
{{- if include "emm-lib.networkPolicyEnabled" $ctx }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $name }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" "helm-test") | nindent 4 }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-weight: "-1"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  podSelector:
    matchLabels: {{- include "emm-lib.selectorLabels" (dict "ctx" $ctx "component" "helm-test") | nindent 6 }}
  policyTypes: [Ingress, Egress]
  egress:
    {{- include "emm-lib.dnsEgressRule" $ctx | nindent 4 }}
    {{- if include "emm-lib.meshEnabled" $ctx }}
    {{- include "emm-lib.istiodEgressRule" $ctx | nindent 4 }}
    {{- end }}
    - to:
        - podSelector:
            matchLabels: {{- include "emm-lib.selectorLabels" (dict "ctx" $ctx "component" $role.component) | nindent 14 }}
      ports:
        - port: http
          protocol: TCP
---
{{- end }}
apiVersion: v1
kind: Pod
metadata:
  name: {{ $name }}
  labels:
    {{- include "emm-lib.labels" (dict "ctx" $ctx "component" "helm-test") | nindent 4 }}
    {{- with include "emm-lib.meshPodLabels" $ctx | trim }}
    {{- . | nindent 4 }}
    {{- end }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  enableServiceLinks: false
  securityContext: {{- include "emm-lib.podSecurityContext" $ctx | nindent 4 }}
  {{- with include "emm-lib.imagePullSecrets" $ctx }}
  {{- . | nindent 2 }}
  {{- end }}
  containers:
    - name: curl
      image: {{ printf "%s/%s:%s" ($image.registry | default "docker.io") ($image.repository | default "curlimages/curl") ($image.tag | default "8.11.1") }}
      imagePullPolicy: IfNotPresent
      command:
        - curl
        - --fail
        - --silent
        - --show-error
        - --max-time
        - "5"
        - --retry
        - "10"
        - --retry-delay
        - "3"
        - --retry-all-errors
        - {{ printf "http://%s:%d/health/ready" $role.serviceName (int $role.values.service.port) }}
      resources:
        requests:
          cpu: 10m
          memory: 16Mi
        limits:
          cpu: 100m
          memory: 32Mi
      securityContext: {{- include "emm-lib.containerSecurityContext" $ctx | nindent 8 }}
{{- end -}}
