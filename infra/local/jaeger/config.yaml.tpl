# written by infra/local: Jaeger v2 with memory storage, every port on loopback
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: {{health}}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: {{query_http}}
    grpc:
      endpoint: {{query_grpc}}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: {{max_traces}}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: {{otlp_grpc}}
      http:
        endpoint: {{otlp_http}}
processors:
  batch:
    timeout: 200ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
