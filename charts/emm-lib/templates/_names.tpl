{{/*
Names. EMM apps address each other by their plain app names
(`http://jd-classifier-service:8080/mcp`), so a resource is named after its
app, optionally behind `global.namePrefix` (to install two EMM releases in one
namespace). Kubernetes limits names to 63 characters.
*/}}

{{/* The app's name: the chart name unless nameOverride. */}}
{{- define "emm-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The name of any EMM app's resources inside this release, so one app can compute
another's Service name: (dict "name" "jd-classifier-service" "global" .Values.global).
*/}}
{{- define "emm-lib.prefixedName" -}}
{{- $prefix := dig "namePrefix" "" (.global | default dict) -}}
{{- if $prefix -}}
{{- printf "%s-%s" $prefix .name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* This chart's resource name: fullnameOverride, else the (prefixed) app name. */}}
{{- define "emm-lib.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "emm-lib.prefixedName" (dict "name" (include "emm-lib.name" .) "global" .Values.global) -}}
{{- end -}}
{{- end -}}

{{/* A name derived from the fullname ("<fullname>-<suffix>"), still within 63 characters. */}}
{{- define "emm-lib.suffixedName" -}}
{{- $suffix := printf "-%s" .suffix -}}
{{- printf "%s%s" (include "emm-lib.fullname" .ctx | trunc (int (sub 63 (len $suffix))) | trimSuffix "-") $suffix -}}
{{- end -}}

{{/* Chart name and version for the helm.sh/chart label. */}}
{{- define "emm-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The ServiceAccount the app's pods run as. */}}
{{- define "emm-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "emm-lib.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* In-cluster Redis Service name (the redis subchart's), unless global.redis.host says otherwise. */}}
{{- define "emm-lib.redisHost" -}}
{{- $global := .Values.global | default dict -}}
{{- dig "redis" "host" "" $global | default (include "emm-lib.prefixedName" (dict "name" "redis" "global" $global)) -}}
{{- end -}}

{{/* The JD structure ConfigMap: an existing one, or the one the umbrella renders. */}}
{{- define "emm-lib.jdConfigMapName" -}}
{{- $global := .Values.global | default dict -}}
{{- dig "jd" "existingConfigMap" "" $global | default (include "emm-lib.prefixedName" (dict "name" "jd-structure" "global" $global)) -}}
{{- end -}}

{{/* The key holding jd.yaml: existingConfigMapKey for an existing ConfigMap, "jd.yaml" in the rendered one. */}}
{{- define "emm-lib.jdConfigMapKey" -}}
{{- $jd := dig "jd" dict (.Values.global | default dict) -}}
{{- ternary ($jd.existingConfigMapKey | default "jd.yaml") "jd.yaml" (not (empty $jd.existingConfigMap)) -}}
{{- end -}}
