{{/*
Every Secret the release reads, from the values that name them: a YAML map
  <Secret name>: {<key>: [<what reads it>, …]}
It drives the ExternalSecrets and SealedSecrets, the NOTES and the checks, so a
Secret named anywhere in the values is covered without a list kept by hand.
*/}}
{{- define "emm.secretInventory" -}}
{{- $global := .Values.global -}}
{{- $inventory := dict -}}
{{- $add := list -}}
{{- if and $global.auth.existingSecret (include "emm.anyAppNeeds" (dict "ctx" . "need" "mcpAuth")) -}}
{{- $add = append $add (list $global.auth.existingSecret $global.auth.key "MCP_AUTH_TOKEN") -}}
{{- end -}}
{{- if and $global.redis.auth.existingSecret (or .Values.redis.enabled (include "emm.anyAppNeeds" (dict "ctx" . "need" "redis"))) -}}
{{- $add = append $add (list $global.redis.auth.existingSecret $global.redis.auth.passwordKey "REDIS_PASSWORD") -}}
{{- end -}}
{{- if and $global.redis.urlSecret.name (include "emm.anyAppNeeds" (dict "ctx" . "need" "redis")) -}}
{{- $add = append $add (list $global.redis.urlSecret.name $global.redis.urlSecret.key "REDIS_URL") -}}
{{- end -}}
{{- $s3 := $global.storage.s3 -}}
{{- if and (eq $global.storage.mode "s3") $s3.credentials.existingSecret (include "emm.anyAppNeeds" (dict "ctx" . "need" "storage")) -}}
{{- $add = append $add (list $s3.credentials.existingSecret $s3.credentials.accessKeyIdKey "AWS_ACCESS_KEY_ID") -}}
{{- $add = append $add (list $s3.credentials.existingSecret $s3.credentials.secretAccessKeyKey "AWS_SECRET_ACCESS_KEY") -}}
{{- end -}}
{{- range $name, $app := include "emm.enabledApps" . | fromYaml -}}
{{- $refs := merge (dict) ($app.secretEnv | default dict) (dig "worker" "secretEnv" dict $app) -}}
{{- range $env, $ref := $refs -}}
{{- if $ref }}{{ $add = append $add (list $ref.secret $ref.key $env) }}{{ end -}}
{{- end -}}
{{- end -}}
{{- $backup := dig "backup" dict .Values.redis -}}
{{- if and .Values.redis.enabled $backup.enabled (eq $backup.destination "s3") (dig "s3" "credentials" "existingSecret" "" $backup) -}}
{{- $credentials := $backup.s3.credentials -}}
{{- $add = append $add (list $credentials.existingSecret $credentials.accessKeyIdKey "AWS_ACCESS_KEY_ID") -}}
{{- $add = append $add (list $credentials.existingSecret $credentials.secretAccessKeyKey "AWS_SECRET_ACCESS_KEY") -}}
{{- end -}}
{{- $grafana := dig "grafana" "admin" dict .Values.monitoring -}}
{{- if and .Values.monitoring.enabled $grafana.existingSecret -}}
{{- $add = append $add (list $grafana.existingSecret ($grafana.userKey | default "admin-user") "GF_SECURITY_ADMIN_USER") -}}
{{- $add = append $add (list $grafana.existingSecret ($grafana.passwordKey | default "admin-password") "GF_SECURITY_ADMIN_PASSWORD") -}}
{{- end -}}
{{- range $add -}}
{{- $secret := index . 0 -}}
{{- $key := index . 1 -}}
{{- $keys := get $inventory $secret | default dict -}}
{{- $_ := set $keys $key (append (get $keys $key | default list) (index . 2) | uniq | sortAlpha) -}}
{{- $_ := set $inventory $secret $keys -}}
{{- end -}}
{{- toYaml $inventory -}}
{{- end -}}

{{- define "emm.validateSecrets" -}}
{{- $secrets := .Values.secrets -}}
{{- $inventory := include "emm.secretInventory" . | fromYaml -}}
{{- if eq $secrets.provider "external-secrets" -}}
{{- if not $secrets.externalSecrets.storeRef.name -}}
{{- fail "secrets.provider is external-secrets: name the SecretStore or ClusterSecretStore to read from in secrets.externalSecrets.storeRef.name" -}}
{{- end -}}
{{- else if eq $secrets.provider "sealed-secrets" -}}
{{- range $name, $keys := $inventory -}}
{{- $sealed := get $secrets.sealedSecrets.encryptedData $name | default dict -}}
{{- if not $sealed -}}
{{- fail (printf "secrets.provider is sealed-secrets but secrets.sealedSecrets.encryptedData has nothing for the Secret %q (keys: %s); seal them with kubeseal --raw --name %s" $name (keys $keys | sortAlpha | join ", ") $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
