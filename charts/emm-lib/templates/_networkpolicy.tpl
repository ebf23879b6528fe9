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
keda:
  namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: keda
  podSelector:
    matchLabels:
      app: keda-operator
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

{{/*
Ingress from Prometheus to a named port: (dict "ctx" $ "port" "http"). Both the
cluster's Prometheus (global.networkPolicy.prometheus) and the release's own
(the monitoring subchart's, when installed) may scrape. With Istio, Prometheus
scrapes the sidecar's merged-metrics port 15020 instead (mTLS stays strict on
the app port).
*/}}
{{- define "emm-lib.prometheusIngressRule" -}}
{{- $prometheus := include "emm-lib.clusterPeerSetting" (dict "ctx" .ctx "service" "prometheus") | fromYaml -}}
- from:
    {{- include "emm-lib.peer" $prometheus | nindent 4 }}
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: prometheus
          app.kubernetes.io/instance: {{ .ctx.Release.Name }}
          app.kubernetes.io/part-of: emm
  ports:
    - port: {{ .port }}
      protocol: TCP
    {{- if include "emm-lib.meshEnabled" .ctx }}
    - port: 15020
      protocol: TCP
    {{- end }}
{{- end -}}

{{/*
Egress to public internet addresses only, IPv4 and IPv6: everything but the
private, link-local (cloud metadata), loopback and carrier-grade NAT ranges of
global.networkPolicy.internet.exceptCidrs. (dict "ctx" $ "ports" [{port, protocol}]).
*/}}
{{- define "emm-lib.publicEgressRule" -}}
{{- $internet := dig "networkPolicy" "internet" dict (.ctx.Values.global | default dict) -}}
{{- $v4 := list -}}
{{- $v6 := list -}}
{{- range ($internet.exceptCidrs | default list) -}}
{{- if contains ":" . }}{{ $v6 = append $v6 . }}{{ else }}{{ $v4 = append $v4 . }}{{ end -}}
{{- end -}}
# Public addresses only: cluster, node and cloud metadata ranges stay closed.
- to:
    - ipBlock:
        cidr: 0.0.0.0/0
        {{- with $v4 }}
        except: {{- toYaml . | nindent 10 }}
        {{- end }}
    {{- if ne (toString (dig "ipv6" true $internet)) "false" }}
    - ipBlock:
        cidr: ::/0
        {{- with $v6 }}
        except: {{- toYaml . | nindent 10 }}
        {{- end }}
    {{- end }}
  ports: {{- include "emm-lib.ports" (.ports | default $internet.ports | default (list (dict "port" 443) (dict "port" 80))) | nindent 4 }}
{{- end -}}

{{/*
The port an http(s) URL connects to: its explicit port, else 443 or 80.
*/}}
{{- define "emm-lib.urlPort" -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" ($url.host | default "") -}}
{{- if gt (len $hostPort) 1 -}}
{{- last $hostPort -}}
{{- else -}}
{{- ternary "80" "443" (eq $url.scheme "http") -}}
{{- end -}}
{{- end -}}

{{/*
Egress to a destination outside the cluster (an externalEgress entry: name,
cidrs, ports, urlFromEnv): its CIDRs, else public addresses only; the ports
given, else the port of the URL in env[urlFromEnv], else 443. A URL whose host
is an IPv4 address opens just that address.
(dict "ctx" $ "values" $values "destination" <entry>).
*/}}
{{- define "emm-lib.externalEgressRule" -}}
{{- $destination := .destination -}}
{{- $plain := merge (dict) (.values.env | default dict) (dig "env" dict (.ctx.Values.global | default dict)) -}}
{{- $url := "" -}}
{{- with $destination.urlFromEnv }}{{ $url = get $plain . | toString }}{{ end -}}
{{- $ports := $destination.ports -}}
{{- if and (not $ports) $url -}}
{{- $ports = list (dict "port" (include "emm-lib.urlPort" $url | int)) -}}
{{- end -}}
{{- $ports = $ports | default (list (dict "port" 443)) -}}
{{- $cidrs := $destination.cidrs | default list -}}
{{- if and (not $cidrs) $url -}}
{{- $host := (urlParse $url).hostname | default (splitList ":" (urlParse $url).host | first) -}}
{{- if regexMatch "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$" $host }}{{ $cidrs = list (printf "%s/32" $host) }}{{ end -}}
{{- end -}}
{{- if $cidrs -}}
# {{ $destination.name }}
- to:
    {{- range $cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports: {{- include "emm-lib.ports" $ports | nindent 4 }}
{{- else -}}
# {{ $destination.name }}: public addresses
{{ include "emm-lib.publicEgressRule" (dict "ctx" .ctx "ports" $ports) }}
{{- end -}}
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
    {{- $otlp := dig "telemetry" "otlpEndpoint" "" $global }}
    {{- if eq $otlp "in-chart" }}
    # The monitoring subchart's OpenTelemetry Collector.
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: otel-collector
              app.kubernetes.io/instance: {{ $ctx.Release.Name }}
      ports:
        - port: 4318
          protocol: TCP
    {{- else if $otlp }}
    {{- $collector := include "emm-lib.clusterPeerSetting" (dict "ctx" $ctx "service" "otelCollector") | fromYaml }}
    - to: {{- include "emm-lib.peer" $collector | nindent 8 }}
      ports: {{- include "emm-lib.ports" ($collector.ports | default (list (dict "port" 4317) (dict "port" 4318))) | nindent 8 }}
    {{- end }}
    {{- if include "emm-lib.meshEnabled" $ctx }}
    {{- include "emm-lib.istiodEgressRule" $ctx | nindent 4 }}
    {{- end }}
    {{- if $values.needs.ollama }}
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ollama
              app.kubernetes.io/instance: {{ $ctx.Release.Name }}
      ports:
        - port: 11434
          protocol: TCP
    {{- end }}
    {{- if and $values.needs.storage (eq (include "emm-lib.storageMode" $ctx) "s3") }}
    {{- include "emm-lib.s3EgressRule" (dict "ctx" $ctx "egress" (dig "storage" "s3" "egress" dict $global)) | nindent 4 }}
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
    {{- include "emm-lib.publicEgressRule" (dict "ctx" $ctx) | nindent 4 }}
    {{- end }}
    {{- range $values.externalEgress }}
    {{- include "emm-lib.externalEgressRule" (dict "ctx" $ctx "values" $values "destination" .) | nindent 4 }}
    {{- end }}
    {{- with $values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
