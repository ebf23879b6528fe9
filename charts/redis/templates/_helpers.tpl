{{/* The password Secret reference, shared with the apps (global.redis.auth). */}}
{{- define "redis.passwordSecretKeyRef" -}}
secretKeyRef:
  name: {{ dig "redis" "auth" "existingSecret" "" (.Values.global | default dict) }}
  key: {{ dig "redis" "auth" "passwordKey" "redis-password" (.Values.global | default dict) }}
{{- end -}}

{{- define "redis.authEnabled" -}}
{{- if dig "redis" "auth" "existingSecret" "" (.Values.global | default dict) }}true{{ end -}}
{{- end -}}
