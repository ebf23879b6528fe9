{{/*
Pod Security Standard "restricted": non-root with a fixed UID/GID (10001, so
mounted volumes are writable through fsGroup), RuntimeDefault seccomp, no
privilege escalation, no capabilities, read-only root filesystem.
Shared by every EMM workload, Redis and the helm test pods.
*/}}
{{- define "emm-lib.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "emm-lib.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
