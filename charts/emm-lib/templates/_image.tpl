{{/*
Image reference: (dict "image" <image values> "ctx" $). Registry, repository
prefix, tag and pull policy fall back to global.image; the tag then to the
chart's appVersion. A digest pins the image and wins over the tag.
*/}}
{{- define "emm-lib.imageTag" -}}
{{- $global := dig "image" dict (.ctx.Values.global | default dict) -}}
{{- .image.tag | default $global.tag | default .ctx.Chart.AppVersion | toString -}}
{{- end -}}

{{- define "emm-lib.image" -}}
{{- $global := dig "image" dict (.ctx.Values.global | default dict) -}}
{{- include "emm-lib.imageRef" (dict
  "registry" (.image.registry | default $global.registry)
  "repository" (.image.repository | default (printf "%s%s" ($global.repositoryPrefix | default "") (include "emm-lib.name" .ctx)))
  "tag" (include "emm-lib.imageTag" .)
  "digest" .image.digest) -}}
{{- end -}}

{{/* registry/repository:tag, or @digest when one is given. */}}
{{- define "emm-lib.imageRef" -}}
{{- $ref := ternary (printf "%s/%s" .registry .repository) .repository (not (empty .registry)) -}}
{{- if .digest -}}
{{- printf "%s@%s" $ref .digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (toString .tag) -}}
{{- end -}}
{{- end -}}

{{- define "emm-lib.imagePullPolicy" -}}
{{- $global := dig "image" dict (.ctx.Values.global | default dict) -}}
{{- .image.pullPolicy | default $global.pullPolicy | default "IfNotPresent" -}}
{{- end -}}

{{/* imagePullSecrets from global.image.pullSecrets (Secret names). */}}
{{- define "emm-lib.imagePullSecrets" -}}
{{- $secrets := dig "image" "pullSecrets" list (.Values.global | default dict) -}}
{{- if $secrets -}}
imagePullSecrets:
{{- range $secrets }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
