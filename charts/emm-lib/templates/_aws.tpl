{{/*
AWS credentials for S3 (the vault's storage, Redis backups), by reference only:
  irsa.roleArn         IAM Roles for Service Accounts. The chart mounts the
                       projected service-account token IRSA exchanges with STS
                       (audience sts.amazonaws.com) and sets AWS_ROLE_ARN and
                       AWS_WEB_IDENTITY_TOKEN_FILE itself. That token is not the
                       Kubernetes API token: automountServiceAccountToken stays
                       false. The EKS pod identity webhook leaves a pod that
                       already has the `aws-iam-token` volume and these variables
                       as it is.
  credentials.existingSecret
                       AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from a Secret.
Neither: the SDK's default chain (node role, EKS Pod Identity, …).
Each helper takes the S3 settings map ({irsa, credentials, region, …}).
*/}}

{{- define "emm-lib.awsTokenDir" -}}/var/run/secrets/eks.amazonaws.com/serviceaccount{{- end -}}

{{- define "emm-lib.awsEnv" -}}
{{- $irsa := .irsa | default dict -}}
{{- $credentials := .credentials | default dict -}}
{{- with .region }}
- name: AWS_REGION
  value: {{ . | quote }}
{{- end }}
{{- if $irsa.roleArn }}
- name: AWS_ROLE_ARN
  value: {{ $irsa.roleArn | quote }}
- name: AWS_WEB_IDENTITY_TOKEN_FILE
  value: {{ printf "%s/token" (include "emm-lib.awsTokenDir" .) }}
- name: AWS_STS_REGIONAL_ENDPOINTS
  value: regional
{{- end }}
{{- if $credentials.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $credentials.existingSecret }}
      key: {{ $credentials.accessKeyIdKey | default "aws-access-key-id" }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $credentials.existingSecret }}
      key: {{ $credentials.secretAccessKeyKey | default "aws-secret-access-key" }}
{{- end }}
{{- end -}}

{{- define "emm-lib.awsVolumes" -}}
{{- $irsa := .irsa | default dict -}}
{{- if $irsa.roleArn }}
- name: aws-iam-token
  projected:
    sources:
      - serviceAccountToken:
          audience: {{ $irsa.audience | default "sts.amazonaws.com" }}
          expirationSeconds: 86400
          path: token
{{- end }}
{{- end -}}

{{- define "emm-lib.awsVolumeMounts" -}}
{{- $irsa := .irsa | default dict -}}
{{- if $irsa.roleArn }}
- name: aws-iam-token
  mountPath: {{ include "emm-lib.awsTokenDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* ServiceAccount annotations IRSA needs (none without it). */}}
{{- define "emm-lib.awsServiceAccountAnnotations" -}}
{{- with dig "irsa" "roleArn" "" . }}
eks.amazonaws.com/role-arn: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "emm-lib.validateAws" -}}
{{- $irsa := .settings.irsa | default dict -}}
{{- if and $irsa.roleArn (dig "credentials" "existingSecret" "" .settings) -}}
{{- fail (printf "%s: use either irsa.roleArn or credentials.existingSecret for S3, not both" .where) -}}
{{- end -}}
{{- if and $irsa.roleArn (not (regexMatch "^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+" $irsa.roleArn)) -}}
{{- fail (printf "%s: irsa.roleArn %q is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)" .where $irsa.roleArn) -}}
{{- end -}}
{{- end -}}

{{/*
Egress to S3 (and STS for IRSA): the given CIDRs (an S3-compatible store on a
private network), else public addresses only. (dict "ctx" $ "egress" {cidrs, ports}).
*/}}
{{- define "emm-lib.s3EgressRule" -}}
{{- $egress := .egress | default dict -}}
{{- $ports := $egress.ports | default (list (dict "port" 443)) -}}
{{- if $egress.cidrs -}}
- to:
    {{- range $egress.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports: {{- include "emm-lib.ports" $ports | nindent 4 }}
{{- else -}}
{{- include "emm-lib.publicEgressRule" (dict "ctx" .ctx "ports" $ports) -}}
{{- end -}}
{{- end -}}
