{{/*
The vault and UNSORTED storage of an app with needs.storage (the
file-system-service, the only app that touches it), from global.storage:
  hostPath  one directory on the node (single-node dev clusters); it must
            exist and be writable by UID/GID 10001. Pod Security "restricted"
            forbids hostPath: not for namespaces that enforce it.
  pvc       a PersistentVolumeClaim: pvc.existingClaim, or one the chart
            creates (kept on uninstall). More than one replica on more than one
            node needs ReadWriteMany (NFS, EFS, CephFS, Azure Files).
  s3        STORAGE_BACKEND=s3: a bucket with a vault and an unsorted prefix,
            credentials by IRSA or an existing Secret (see _aws.tpl).
Local modes mount the volume at storage.mountPath, with the vault in vault/
and the inbox in unsorted/ (an init container creates both).
*/}}

{{- define "emm-lib.storage" -}}
{{- toYaml (dig "storage" dict (.Values.global | default dict)) -}}
{{- end -}}

{{- define "emm-lib.storageMode" -}}
{{- dig "storage" "mode" "pvc" (.Values.global | default dict) -}}
{{- end -}}

{{- define "emm-lib.storageMountPath" -}}
{{- dig "storage" "mountPath" "/var/lib/emm" (.Values.global | default dict) -}}
{{- end -}}

{{/* The claim the vault lives on: the existing one, or the one the chart creates. */}}
{{- define "emm-lib.storageClaimName" -}}
{{- $global := .Values.global | default dict -}}
{{- dig "storage" "pvc" "existingClaim" "" $global | default (include "emm-lib.prefixedName" (dict "name" "emm-vault" "global" $global)) -}}
{{- end -}}

{{- define "emm-lib.validateStorage" -}}
{{- $storage := include "emm-lib.storage" . | fromYaml -}}
{{- $mode := include "emm-lib.storageMode" . -}}
{{- if eq $mode "s3" -}}
{{- if not (dig "s3" "bucket" "" $storage) -}}
{{- fail "global.storage.mode is s3 but global.storage.s3.bucket is empty: name the bucket that holds the vault and UNSORTED" -}}
{{- end -}}
{{- include "emm-lib.validateAws" (dict "settings" $storage.s3 "where" "global.storage.s3") -}}
{{- else if eq $mode "hostPath" -}}
{{- if not (dig "hostPath" "path" "" $storage) -}}
{{- fail "global.storage.mode is hostPath but global.storage.hostPath.path is empty: name the directory on the node" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "emm-lib.storageEnv" -}}
{{- $storage := include "emm-lib.storage" . | fromYaml -}}
{{- $mode := include "emm-lib.storageMode" . -}}
{{- if eq $mode "s3" -}}
{{- $s3 := $storage.s3 }}
- name: STORAGE_BACKEND
  value: s3
- name: S3_BUCKET
  value: {{ $s3.bucket | quote }}
- name: S3_VAULT_PREFIX
  value: {{ $s3.vaultPrefix | default "vault/" | quote }}
- name: S3_UNSORTED_PREFIX
  value: {{ $s3.unsortedPrefix | default "unsorted/" | quote }}
{{- with $s3.region }}
- name: S3_REGION
  value: {{ . | quote }}
{{- end }}
{{- with $s3.endpoint }}
- name: S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: S3_FORCE_PATH_STYLE
  value: {{ $s3.forcePathStyle | default false | toString | quote }}
{{- include "emm-lib.awsEnv" $s3 }}
{{- else }}
{{- $root := include "emm-lib.storageMountPath" . }}
- name: STORAGE_BACKEND
  value: local
- name: VAULT_DIR
  value: {{ printf "%s/vault" $root }}
- name: UNSORTED_DIR
  value: {{ printf "%s/unsorted" $root }}
{{- end }}
{{- end -}}

{{- define "emm-lib.storageVolumes" -}}
{{- $storage := include "emm-lib.storage" . | fromYaml -}}
{{- $mode := include "emm-lib.storageMode" . -}}
{{- if eq $mode "s3" -}}
{{- include "emm-lib.awsVolumes" $storage.s3 -}}
{{- else if eq $mode "hostPath" }}
- name: storage
  hostPath:
    path: {{ $storage.hostPath.path }}
    type: Directory
{{- else }}
- name: storage
  persistentVolumeClaim:
    claimName: {{ include "emm-lib.storageClaimName" . }}
{{- end }}
{{- end -}}

{{- define "emm-lib.storageVolumeMounts" -}}
{{- $storage := include "emm-lib.storage" . | fromYaml -}}
{{- if eq (include "emm-lib.storageMode" .) "s3" -}}
{{- include "emm-lib.awsVolumeMounts" $storage.s3 -}}
{{- else }}
- name: storage
  mountPath: {{ include "emm-lib.storageMountPath" . }}
{{- end }}
{{- end -}}

{{/*
Creates vault/ and unsorted/ on a fresh volume with the app's own image (node,
no shell needed), as the app's user, so the app always finds both roots.
(dict "ctx" $ "role" <role>).
*/}}
{{- define "emm-lib.storageInitContainer" -}}
{{- $ctx := .ctx -}}
{{- $values := .role.values -}}
{{- $root := include "emm-lib.storageMountPath" $ctx -}}
- name: storage-dirs
  image: {{ include "emm-lib.image" (dict "image" $values.image "ctx" $ctx) }}
  imagePullPolicy: {{ include "emm-lib.imagePullPolicy" (dict "image" $values.image "ctx" $ctx) }}
  command:
    - node
    - -e
    - "for (const dir of process.argv.slice(1)) require('node:fs').mkdirSync(dir, { recursive: true })"
    - {{ printf "%s/vault" $root }}
    - {{ printf "%s/unsorted" $root }}
  resources:
    requests:
      cpu: 10m
      memory: 32Mi
    limits:
      cpu: 200m
      memory: 128Mi
  securityContext: {{- include "emm-lib.containerSecurityContext" $ctx | nindent 4 }}
  volumeMounts:
    - name: storage
      mountPath: {{ $root }}
{{- end -}}

{{/* The PersistentVolumeClaim the chart creates for the vault (pvc mode without existingClaim). */}}
{{- define "emm-lib.storageClaim" -}}
{{- $storage := include "emm-lib.storage" . | fromYaml -}}
{{- if and .Values.needs.storage (eq (include "emm-lib.storageMode" .) "pvc") (not (dig "pvc" "existingClaim" "" $storage)) -}}
{{- $pvc := $storage.pvc | default dict -}}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "emm-lib.storageClaimName" . }}
  labels: {{- include "emm-lib.labels" (dict "ctx" . "component" "storage") | nindent 4 }}
  annotations:
    # The vault outlives the release: `helm uninstall` leaves this claim in place.
    helm.sh/resource-policy: keep
    {{- with $pvc.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  accessModes: {{- toYaml ($pvc.accessModes | default (list "ReadWriteOnce")) | nindent 4 }}
  {{- with $pvc.storageClass }}
  storageClassName: {{ . | quote }}
  {{- end }}
  resources:
    requests:
      storage: {{ $pvc.size | default "10Gi" }}
{{- end -}}
{{- end -}}
