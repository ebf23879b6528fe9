{{/*
The OpenTelemetry Collector: OTLP from the apps (HTTP on 4318, the apps'
OTEL_EXPORTER_OTLP_ENDPOINT; gRPC on 4317), memory-limited and batched, to Tempo.
*/}}
{{- define "monitoring.collectorConfig" -}}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 0.0.0.0:4318
      grpc:
        endpoint: 0.0.0.0:4317
processors:
  memory_limiter:
    check_interval: 1s
    limit_percentage: 80
    spike_limit_percentage: 20
  batch: {}
exporters:
  otlp/tempo:
    endpoint: {{ printf "%s:4317" (include "monitoring.name" (dict "ctx" . "name" "tempo")) }}
    tls:
      insecure: true
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [memory_limiter, batch]
      exporters: [otlp/tempo]
{{- end -}}
