{{/*
The app sections of the values: every top-level key whose value declares
`needs` (the shape every EMM app chart has) and is enabled. Returns a YAML map
name → values, so checks cover apps added later without changes here.
*/}}
{{- define "emm.enabledApps" -}}
{{- $apps := dict -}}
{{- range $name, $section := .Values -}}
{{- if and (kindIs "map" $section) (hasKey $section "needs") (ne $name "global") -}}
{{- if $section.enabled -}}
{{- $_ := set $apps $name $section -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $apps -}}
{{- end -}}

{{/* "true" when some enabled app needs .need (redis, jdStructure, mcpAuth). */}}
{{- define "emm.anyAppNeeds" -}}
{{- range $name, $app := include "emm.enabledApps" .ctx | fromYaml -}}
{{- if get $app.needs $.need }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/* Where the JD structure comes from: "inline", "existing", "file", or "" for nowhere. */}}
{{- define "emm.jdSource" -}}
{{- $jd := .Values.global.jd -}}
{{- if $jd.structure -}}inline
{{- else if $jd.existingConfigMap -}}existing
{{- else if and $jd.defaultFile (.Files.Get $jd.defaultFile | trim) -}}file
{{- end -}}
{{- end -}}

{{/* Configuration errors the schema cannot see, each with what to do about it. */}}
{{- define "emm.validate" -}}
{{- $global := .Values.global -}}
{{- $prod := eq $global.environment "prod" -}}
{{- $redisExternal := or $global.redis.url $global.redis.urlSecret.name -}}

{{- if include "emm.anyAppNeeds" (dict "ctx" . "need" "jdStructure") -}}
{{- if and $global.jd.structure $global.jd.existingConfigMap -}}
{{- fail "global.jd: set either jd.structure (inline YAML) or jd.existingConfigMap, not both" -}}
{{- end -}}
{{- if not (include "emm.jdSource" .) -}}
{{- if $global.jd.defaultFile -}}
{{- fail (printf "global.jd: no JD structure: the chart file %q is missing or empty. Set global.jd.structure (inline jd.yaml) or global.jd.existingConfigMap (a ConfigMap with key %s)" $global.jd.defaultFile $global.jd.existingConfigMapKey) -}}
{{- else -}}
{{- fail (printf "global.jd: no JD structure. Set global.jd.structure (inline jd.yaml, e.g. --set-file global.jd.structure=my-jd.yaml) or global.jd.existingConfigMap (a ConfigMap with key %s)" $global.jd.existingConfigMapKey) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- if include "emm.anyAppNeeds" (dict "ctx" . "need" "redis") -}}
{{- if and .Values.redis.enabled $redisExternal -}}
{{- fail "redis: global.redis.url/urlSecret points at an external Redis but the in-chart Redis is enabled too; set redis.enabled=false to use the external one" -}}
{{- end -}}
{{- if not (or .Values.redis.enabled $redisExternal) -}}
{{- fail "redis: the in-chart Redis is disabled (redis.enabled=false) and no external one is configured: set global.redis.url (or global.redis.urlSecret) to the managed Redis" -}}
{{- end -}}
{{- end -}}

{{- if $prod -}}
{{- if and (include "emm.anyAppNeeds" (dict "ctx" . "need" "mcpAuth")) (not $global.auth.existingSecret) -}}
{{- fail "prod: global.auth.existingSecret is required: name the existing Secret that holds the MCP bearer token (key global.auth.key), e.g. created by ExternalSecrets or SealedSecrets" -}}
{{- end -}}
{{- if and .Values.redis.enabled (not $global.redis.auth.existingSecret) -}}
{{- fail "prod: global.redis.auth.existingSecret is required: name the existing Secret with the Redis password (key global.redis.auth.passwordKey)" -}}
{{- end -}}
{{- if and $redisExternal (not (or $global.redis.urlSecret.name $global.redis.auth.existingSecret)) -}}
{{- fail "prod: the external Redis needs credentials by reference: set global.redis.urlSecret (the whole URL from a Secret) or global.redis.auth.existingSecret (the password)" -}}
{{- end -}}
{{- end -}}
{{- end -}}
