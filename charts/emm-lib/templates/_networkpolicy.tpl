{{/*
NetworkPolicies. The umbrella denies all traffic to and from the release's
pods; each workload then opens exactly what it needs:
  ingress  from pods labelled calls.emm.dev/<app>="true" (its clients), from
           Prometheus to the metrics port, from its own helm test pod;
  egress   DNS (kube-dns), Redis, the OTel collector, the MCP services it calls,
           the internet (public addresses only) when it needs it.
Cluster-specific selectors (where kube-dns, Prometheus and the collector run)
come from global.networkPolicy.
*/}}

{{- define "emm-lib.networkPolicyEnabled" -}}
{{- if dig "networkPolicy" "enabled" true (.Values.global | default dict) }}true{{ end -}}
{{- end -}}

{{/*
Where cluster services run when global.networkPolicy does not say: kube-dns in
kube-system, Prometheus and the OTel collector in their usual namespaces.
*/}}
{{- define "emm-lib.networkPolicyDefaults" -}}
dns:
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: kube-system
  podSelector:
    matchLabels:
      k8s-app: kube-dns
prometheus:
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: monitoring
  podSelector:
    matchLabels:
      app.kubernetes.io/name: prometheus
otelCollector:
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: observability
  podSelector: {}
  ports:
    - port: 4317
    - port: 4318
{{- end -}}

{{/* The {namespaceSelector, podSelector[, ports]} setting for a cluster service: (dict "ctx" $ "service" "dns"). */}}
{{- define "emm-lib.clusterPeerSetting" -}}
{{- $configured := dig "networkPolicy" .service dict (.ctx.Values.global | default dict) -}}
{{- $defaults := get (include "emm-lib.networkPolicyDefaults" . | fromYaml) .service -}}
{{- toYaml (ternary $configured $defaults (or (hasKey $configured "namespaceSelector") (hasKey $configured "podSelector"))) -}}
{{- end -}}

{{/* A peer from a {namespaceSelector, podSelector} setting (an empty selector matches all). */}}
{{- define "emm-lib.peer" -}}
{{- $peer := dict -}}
{{- if hasKey . "namespaceSelector" }}{{ $_ := set $peer "namespaceSelector" (.namespaceSelector | default dict) }}{{ end -}}
{{- if hasKey . "podSelector" }}{{ $_ := set $peer "podSelector" (.podSelector | default dict) }}{{ end -}}
{{- toYaml (list $peer) -}}
{{- end -}}

{{/* NetworkPolicy ports from a list of {port, protocol}. */}}
{{- define "emm-lib.ports" -}}
{{- $ports := list -}}
{{- range . }}{{ $ports = append $ports (dict "port" .port "protocol" (.protocol | default "TCP")) }}{{ end -}}
{{- toYaml $ports -}}
{{- end -}}

{{- define "emm-lib.dnsEgressRule" -}}
{{- $dns := include "emm-lib.clusterPeerSetting" (dict "ctx" . "service" "dns") | fromYaml -}}
- to: {{- include "emm-lib.peer" $dns | nindent 4 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{/* Ingress from Prometheus to a named port: (dict "ctx" $ "port" "http"). */}}
{{- define "emm-lib.prometheusIngressRule" -}}
{{- $prometheus := include "emm-lib.clusterPeerSetting" (dict "ctx" .ctx "service" "prometheus") | fromYaml -}}
- from: {{- include "emm-lib.peer" $prometheus | nindent 4 }}
  ports:
    - port: {{ .port }}
      protocol: TCP
{{- end -}}

{{/* Egress to Redis: the in-chart StatefulSet, or external Redis addresses. */}}
{{- define "emm-lib.redisEgressRule" -}}
{{- $global := .ctx.Values.global | default dict -}}
{{- $redis := dig "redis" dict $global -}}
{{- if or $redis.url (dig "urlSecret" "name" "" $redis) -}}
{{- $external := dig "networkPolicy" "externalRedis" dict $global -}}
{{- if not $external.cidrs -}}
{{- fail (printf "%s: Redis is external (global.redis.url) and NetworkPolicies are on: list its addresses in global.networkPolicy.externalRedis.cidrs, or set global.networkPolicy.enabled=false" .app) -}}
{{- end -}}
- to:
    {{- range $external.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: {{ $external.port | default 6379 | int }}
      protocol: TCP
{{- else -}}
- to:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: redis
          app.kubernetes.io/instance: {{ .ctx.Release.Name }}
  ports:
    - port: {{ dig "port" 6379 $redis | int }}
      protocol: TCP
{{- end -}}
{{- end -}}

{{- define "emm-lib.networkPolicy" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $values := $role.values -}}
{{- $global := $ctx.Values.global | default dict -}}
{{- $policy := dig "networkPolicy" dict $global -}}
{{- if include "emm-lib.networkPolicyEnabled" $ctx -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $role.name }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  podSelector:
    matchLabels: {{- include "emm-lib.selectorLabels" (dict "ctx" $ctx "component" $role.component) | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if not $role.headless }}
    # Clients inside the release: pods labelled calls.emm.dev/<this app>.
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/instance: {{ $ctx.Release.Name }}
              calls.emm.dev/{{ include "emm-lib.name" $ctx }}: "true"
      ports:
        - port: http
          protocol: TCP
    {{- end }}
    {{- if $values.metrics.enabled }}
    {{- include "emm-lib.prometheusIngressRule" (dict "ctx" $ctx "port" "http") | nindent 4 }}
    {{- end }}
    # The app's helm test pod.
    - from:
        - podSelector:
            matchLabels: {{- include "emm-lib.selectorLabels" (dict "ctx" $ctx "component" "helm-test") | nindent 14 }}
      ports:
        - port: http
          protocol: TCP
    {{- with $values.networkPolicy.extraIngress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  egress:
    {{- include "emm-lib.dnsEgressRule" $ctx | nindent 4 }}
    {{- if $values.needs.redis }}
    {{- include "emm-lib.redisEgressRule" (dict "ctx" $ctx "app" $role.name) | nindent 4 }}
    {{- end }}
    {{- if dig "telemetry" "otlpEndpoint" "" $global }}
    {{- $collector := include "emm-lib.clusterPeerSetting" (dict "ctx" $ctx "service" "otelCollector") | fromYaml }}
    - to: {{- include "emm-lib.peer" $collector | nindent 8 }}
      ports: {{- include "emm-lib.ports" ($collector.ports | default (list (dict "port" 4317) (dict "port" 4318))) | nindent 8 }}
    {{- end }}
    {{- range $values.needs.mcpServices }}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: {{ . }}
              app.kubernetes.io/instance: {{ $ctx.Release.Name }}
      ports:
        - port: 8080
          protocol: TCP
    {{- end }}
    {{- if $values.needs.internet }}
    {{- $internet := dig "internet" dict $policy }}
    # Public addresses only: cluster, node and cloud metadata ranges stay closed.
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: {{- toYaml ($internet.exceptCidrs | default list) | nindent 14 }}
      ports: {{- include "emm-lib.ports" ($internet.ports | default (list (dict "port" 443) (dict "port" 80))) | nindent 8 }}
    {{- end }}
    {{- with $values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
