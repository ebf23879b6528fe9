{{/*
Generic helpers with no EMM knowledge.
*/}}

{{/*
Deep merge of two maps; keys in .over win, including false, 0 and "" (sprig's
merge/mergeOverwrite skip those). Returns YAML: use `| fromYaml`.
*/}}
{{- define "emm-lib.deepMerge" -}}
{{- $out := deepCopy (.base | default dict) -}}
{{- range $key, $value := (.over | default dict) -}}
{{- $current := get $out $key -}}
{{- if and (kindIs "map" $value) (kindIs "map" $current) -}}
{{- $_ := set $out $key (include "emm-lib.deepMerge" (dict "base" $current "over" $value) | fromYaml) -}}
{{- else -}}
{{- $_ := set $out $key $value -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* `key:` and a list or map under it, or nothing when the value is empty. */}}
{{- define "emm-lib.optionalBlock" -}}
{{- if .value -}}
{{ .key }}:
{{- toYaml .value | nindent 2 }}
{{- end -}}
{{- end -}}
