{{/* Tempo, single binary: OTLP in from the collector, traces on local disk, queried by Grafana on 3200. */}}
{{- define "monitoring.tempoConfig" -}}
stream_over_http_enabled: true
server:
  http_listen_port: 3200
distributor:
  receivers:
    otlp:
      protocols:
        grpc:
          endpoint: 0.0.0.0:4317
storage:
  trace:
    backend: local
    wal:
      path: /var/tempo/wal
    local:
      path: /var/tempo/blocks
compactor:
  compaction:
    block_retention: {{ .Values.tempo.retention }}
usage_report:
  reporting_enabled: false
{{- end -}}
