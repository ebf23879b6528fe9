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

{{/* "true" when some enabled app's workers (or the app itself) scale with KEDA and KEDA objects are rendered. */}}
{{- define "emm.kedaInUse" -}}
{{- if include "emm-lib.kedaEnabled" . -}}
{{- range $name, $app := include "emm.enabledApps" . | fromYaml -}}
{{- $worker := dig "worker" "autoscaling" dict $app -}}
{{- $top := $app.autoscaling | default dict -}}
{{- $workerEnabled := ternary $worker.enabled $top.enabled (hasKey $worker "enabled") -}}
{{- $workerMode := $worker.mode | default $top.mode -}}
{{- if or (and $top.enabled (eq $top.mode "keda")) (and (eq $app.kind "agent") $workerEnabled (eq $workerMode "keda")) }}true{{ end -}}
{{- end -}}
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

{{- $apps := include "emm.enabledApps" . | fromYaml -}}
{{- range $name, $app := $apps -}}
{{- range ($app.needs.mcpServices | default list) -}}
{{- if not (hasKey $apps .) -}}
{{- fail (printf "%s calls %s (needs.mcpServices), which is not enabled: set %s.enabled=true, or disable %s too" $name . . $name) -}}
{{- end -}}
{{- end -}}
{{- if and $app.needs.ollama (not $.Values.ollama.enabled) -}}
{{- fail (printf "%s uses the in-chart Ollama (needs.ollama) but ollama.enabled is false: enable it, or set %s.needs.ollama=false and point the app at your LLM" $name $name) -}}
{{- end -}}
{{- end -}}

{{- if and (eq $global.telemetry.otlpEndpoint "in-chart") (not .Values.monitoring.enabled) -}}
{{- fail "global.telemetry.otlpEndpoint is in-chart but the monitoring subchart is off: set monitoring.enabled=true, or give the address of your OpenTelemetry collector" -}}
{{- end -}}

{{- if and .Values.namespace.create (eq $global.storage.mode "hostPath") (include "emm.anyAppNeeds" (dict "ctx" . "need" "storage")) (ne .Values.namespace.podSecurity.enforce "privileged") -}}
{{- fail (printf "global.storage.mode hostPath cannot run in a namespace that enforces Pod Security %q (it forbids hostPath volumes): use mode pvc or s3" .Values.namespace.podSecurity.enforce) -}}
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
{{- if and (eq $global.storage.mode "hostPath") (include "emm.anyAppNeeds" (dict "ctx" . "need" "storage")) -}}
{{- fail "prod: global.storage.mode hostPath ties the vault to one node and breaks Pod Security restricted: use s3, or pvc with ReadWriteMany" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* files/alerts.yaml, selecting the release namespace instead of namespace="emm". */}}
{{- define "emm.alertRules" -}}
{{- .Files.Get "files/alerts.yaml" | replace "namespace=\"emm\"" (printf "namespace=%q" .Release.Namespace) -}}
{{- end -}}
