{{/*
Prometheus' configuration: the release's pods that carry prometheus.io/scrape
annotations (every EMM app, Redis' exporter), labelled the way ServiceMonitors
label them (namespace, service = app.kubernetes.io/name, pod), so EMM's alert
rules and dashboards work unchanged; plus the stack itself.
*/}}
{{- define "monitoring.prometheusConfig" -}}
{{- $values := .Values.prometheus -}}
global:
  scrape_interval: {{ $values.scrapeInterval }}
  evaluation_interval: {{ $values.scrapeInterval }}
rule_files:
  - /etc/prometheus/rules/*.yaml
scrape_configs:
  - job_name: emm-pods
    kubernetes_sd_configs:
      - role: pod
        namespaces:
          names: [{{ .Release.Namespace | quote }}]
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
        action: keep
        regex: "true"
      - source_labels: [__meta_kubernetes_pod_phase]
        action: drop
        regex: (Pending|Succeeded|Failed)
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
        action: replace
        target_label: __metrics_path__
        regex: (.+)
      - source_labels: [__meta_kubernetes_pod_ip, __meta_kubernetes_pod_annotation_prometheus_io_port]
        action: replace
        regex: (.+);(\d+)
        replacement: $1:$2
        target_label: __address__
      - source_labels: [__meta_kubernetes_namespace]
        target_label: namespace
      - source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
      - source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_name]
        target_label: service
      - source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_component]
        target_label: component
      - source_labels: [__meta_kubernetes_pod_label_track]
        target_label: track
  - job_name: tempo
    static_configs:
      - targets: [{{ printf "%s:3200" (include "monitoring.name" (dict "ctx" . "name" "tempo")) | quote }}]
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
{{- end -}}
