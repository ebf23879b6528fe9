{{/*
Istio (global.istio.enabled): every EMM pod gets a sidecar (pod label
sidecar.istio.io/inject), may reach istiod for its configuration and
certificates, and, with a canary, a VirtualService splits its Service's traffic
between the stable and the canary Deployment by weight (DestinationRule subsets
by the `track` label). The mesh-wide policies (PeerAuthentication STRICT,
AuthorizationPolicies) need every app's identity and are rendered by the umbrella.
*/}}

{{- define "emm-lib.meshEnabled" -}}
{{- if dig "istio" "enabled" false (.Values.global | default dict) }}true{{ end -}}
{{- end -}}

{{- define "emm-lib.meshPodLabels" -}}
{{- if include "emm-lib.meshEnabled" . }}
sidecar.istio.io/inject: "true"
{{- end }}
{{- end -}}

{{/* Sidecars fetch their configuration and certificates from istiod (xDS and CA on 15012). */}}
{{- define "emm-lib.istiodEgressRule" -}}
{{- $istiod := dig "istio" "istiod" dict (.Values.global | default dict) -}}
{{- $peer := ternary $istiod (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" "istio-system")) "podSelector" (dict "matchLabels" (dict "app" "istiod"))) (or (hasKey $istiod "namespaceSelector") (hasKey $istiod "podSelector")) -}}
- to: {{- include "emm-lib.peer" $peer | nindent 4 }}
  ports:
    - port: 15012
      protocol: TCP
{{- end -}}

{{/* The Service's fully qualified name, as Istio matches hosts. (dict "ctx" $ "service" name). */}}
{{- define "emm-lib.serviceFqdn" -}}
{{- printf "%s.%s.svc.%s" .service .ctx.Release.Namespace (dig "clusterDomain" "cluster.local" (.ctx.Values.global | default dict)) -}}
{{- end -}}

{{/*
The canary of one role: the role's values with canary.image over image and
canary.replicaCount pods, never autoscaled, named "<role>-canary".
*/}}
{{- define "emm-lib.canaryRole" -}}
{{- $role := deepCopy .role -}}
{{- $values := $role.values -}}
{{- $canary := $values.canary -}}
{{- /* Both tag and digest come from the canary: a stable digest must not pin the canary to the old image. */ -}}
{{- $image := include "emm-lib.deepMerge" (dict "base" $values.image "over" (pick $canary.image "tag" "digest")) | fromYaml -}}
{{- $_ := set $values "image" $image -}}
{{- $_ := set $values "replicaCount" ($canary.replicaCount | int) -}}
{{- $_ := set $role "name" (printf "%s-canary" ($role.name | trunc 56 | trimSuffix "-")) -}}
{{- $_ := set $role "track" "canary" -}}
{{- toYaml $role -}}
{{- end -}}

{{- define "emm-lib.validateCanary" -}}
{{- $canary := .Values.canary -}}
{{- if $canary.enabled -}}
{{- if not (or $canary.image.tag $canary.image.digest) -}}
{{- fail (printf "%s: canary.enabled needs canary.image.tag (or canary.image.digest): the image the canary runs" (include "emm-lib.name" .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* VirtualService + DestinationRule splitting a role's Service between stable and canary. */}}
{{- define "emm-lib.canaryTraffic" -}}
{{- $ctx := .ctx -}}
{{- $role := .role -}}
{{- $canary := $role.values.canary -}}
{{- $host := include "emm-lib.serviceFqdn" (dict "ctx" $ctx "service" $role.serviceName) -}}
{{- $port := $role.values.service.port | int -}}
{{- $weight := $canary.weight | int -}}
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: {{ $role.serviceName }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  host: {{ $host }}
  subsets:
    - name: stable
      labels:
        track: stable
    - name: canary
      labels:
        track: canary
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ $role.serviceName }}
  labels: {{- include "emm-lib.labels" (dict "ctx" $ctx "component" $role.component) | nindent 4 }}
spec:
  hosts:
    - {{ $host }}
  http:
    - route:
        - destination:
            host: {{ $host }}
            subset: stable
            port:
              number: {{ $port }}
          weight: {{ sub 100 $weight }}
        - destination:
            host: {{ $host }}
            subset: canary
            port:
              number: {{ $port }}
          weight: {{ $weight }}
{{- end -}}
