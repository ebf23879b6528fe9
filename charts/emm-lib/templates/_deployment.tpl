{{/*
Deployment of one role: (dict "ctx" $ "role" <role from emm-lib.roles>).

Shutdown without failed requests: on delete the kubelet first runs the preStop
sleep (endpoints and load balancers drop the pod meanwhile), then sends
SIGTERM; the app turns unready, drains for SHUTDOWN_DRAIN_MS and finishes
in-flight work within SHUTDOWN_TIMEOUT_MS. The grace period covers all of it
plus a margin, so the kubelet never has to SIGKILL a pod that is still working.
*/}}
{{- define "emm-lib.terminationGracePeriodSeconds" -}}
{{- $shutdown := .shutdown -}}
{{- $timeoutSeconds := div (add (int $shutdown.timeoutMs) 999) 1000 -}}
{{- $computed := add (int $shutdown.preStopSeconds) $timeoutSeconds (int $shutdown.graceMarginSeconds) -}}
{{- max $computed (int (.terminationGracePeriodSeconds | default 0)) -}}
{{- end -}}

{{- define "emm-lib.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{- range $key := list "initialDelaySeconds" "periodSeconds" "timeoutSeconds" "successThreshold" "failureThreshold" }}
{{- if hasKey $.settings $key }}
{{ $key }}: {{ get $.settings $key | int }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "emm-lib.topologySpreadConstraints" -}}
{{- $values := .role.values -}}
{{- if $values.topologySpreadConstraints -}}
{{- toYaml $values.topologySpreadConstraints -}}
{{- else if $values.topologySpread.enabled -}}
{{- $keys := list "kubernetes.io/hostname" -}}
{{- if $values.topologySpread.zones }}{{ $keys = append $keys "topology.kubernetes.io/zone" }}{{ end -}}
{{- range $keys }}
- topologyKey: {{ . }}
  maxSkew: {{ $values.topologySpread.maxSkew | int }}
  whenUnsatisfiable: {{ $values.topologySpread.whenUnsatisfiable }}
  labelSelector:
    matchLabels: {{- include "emm-lib.selectorLabels" (dict "ctx" $.ctx "component" $.role.component) | nindent 6 }}
  matchLabelKeys: ["pod-template-hash"]
{{- end }}
{{- end }}
{{- end -}}

{{- define "emm-lib.deployment" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $values := $role.values -}}
{{- $track := $role.track | default "stable" -}}
{{- $global := $ctx.Values.global | default dict -}}
{{- $monitoring := dig "monitoring" dict $global -}}
{{- $localStorage := and $values.needs.storage (ne (include "emm-lib.storageMode" $ctx) "s3") -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $role.name }}
  labels:
    {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
    track: {{ $track }}
spec:
  {{- if or (ne $track "stable") (not $values.autoscaling.enabled) }}
  replicas: {{ $values.replicaCount | int }}
  {{- end }}
  revisionHistoryLimit: {{ $values.revisionHistoryLimit | int }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: {{ $values.rollingUpdate.maxSurge }}
      maxUnavailable: 0
  selector:
    matchLabels: {{- include "emm-lib.workloadSelectorLabels" (dict "ctx" $ctx "component" $role.component "track" $track) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 8 }}
        track: {{ $track }}
        {{- with include "emm-lib.callerLabels" (dict "values" $values) | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with include "emm-lib.meshPodLabels" $ctx | trim }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with $values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        kubectl.kubernetes.io/default-container: {{ include "emm-lib.name" $ctx }}
        {{- if and $values.metrics.enabled (dig "scrapeAnnotations" true $monitoring) }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $values.port | int | quote }}
        prometheus.io/path: {{ $values.metrics.path | quote }}
        {{- end }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "emm-lib.serviceAccountName" $ctx }}
      automountServiceAccountToken: {{ $values.serviceAccount.automountToken }}
      # Service links would inject REDIS_PORT=tcp://… and friends, clashing with the app's own settings.
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ include "emm-lib.terminationGracePeriodSeconds" $values }}
      securityContext: {{- include "emm-lib.podSecurityContext" $ctx | nindent 8 }}
      {{- with include "emm-lib.imagePullSecrets" $ctx }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with $values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with include "emm-lib.topologySpreadConstraints" . | trim }}
      topologySpreadConstraints: {{- . | nindent 8 }}
      {{- end }}
      {{- with include "emm-lib.optionalBlock" (dict "key" "nodeSelector" "value" $values.nodeSelector) }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with include "emm-lib.optionalBlock" (dict "key" "tolerations" "value" $values.tolerations) }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with include "emm-lib.optionalBlock" (dict "key" "affinity" "value" $values.affinity) }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- if $localStorage }}
      initContainers: {{- include "emm-lib.storageInitContainer" . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ include "emm-lib.name" $ctx }}
          image: {{ include "emm-lib.image" (dict "image" $values.image "ctx" $ctx) }}
          imagePullPolicy: {{ include "emm-lib.imagePullPolicy" (dict "image" $values.image "ctx" $ctx) }}
          ports:
            - name: http
              containerPort: {{ $values.port | int }}
              protocol: TCP
          env: {{- include "emm-lib.env" . | nindent 12 }}
          {{- with include "emm-lib.optionalBlock" (dict "key" "envFrom" "value" $values.envFrom) }}
          {{- . | nindent 10 }}
          {{- end }}
          startupProbe: {{- include "emm-lib.probe" (dict "path" "/health/startup" "settings" $values.probes.startup) | nindent 12 }}
          livenessProbe: {{- include "emm-lib.probe" (dict "path" "/health/live" "settings" $values.probes.liveness) | nindent 12 }}
          readinessProbe: {{- include "emm-lib.probe" (dict "path" "/health/ready" "settings" $values.probes.readiness) | nindent 12 }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $values.shutdown.preStopSeconds | int }}
          resources: {{- toYaml $values.resources | nindent 12 }}
          securityContext: {{- include "emm-lib.containerSecurityContext" $ctx | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $values.needs.jdStructure }}
            # The whole ConfigMap as a directory (not subPath): the kubelet swaps
            # the file on ConfigMap updates and the service reloads it.
            - name: jd-structure
              mountPath: /etc/emm/jd
              readOnly: true
            {{- end }}
            {{- if $values.needs.storage }}
            {{- include "emm-lib.storageVolumeMounts" $ctx | nindent 12 }}
            {{- end }}
            {{- with $values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $values.tmpSizeLimit }}
        {{- if $values.needs.jdStructure }}
        - name: jd-structure
          configMap:
            name: {{ include "emm-lib.jdConfigMapName" $ctx }}
            items:
              - key: {{ include "emm-lib.jdConfigMapKey" $ctx }}
                path: jd.yaml
        {{- end }}
        {{- if $values.needs.storage }}
        {{- include "emm-lib.storageVolumes" $ctx | nindent 8 }}
        {{- end }}
        {{- with $values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end -}}
