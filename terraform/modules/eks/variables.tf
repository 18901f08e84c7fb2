# ---------------------------------------------------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------------------------------------------------

variable "name" {
  description = "Cluster name and name prefix of every resource (e.g. city-explorer-prod). The network module tags the subnets for this name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name))
    error_message = "name must be 3-28 lowercase letters, digits and hyphens (it also names the load balancer, at most 32 characters)."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and of the nodes' EKS-optimized AMI (1.31 or later: the chart's preStop sleep needs 1.30)."
  type        = string
  default     = "1.33"

  validation {
    condition     = can(regex("^1\\.(3[1-9]|[4-9][0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be 1.31 or later, as \"1.xx\"."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster (network module)."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets, one per availability zone: the control plane's network interfaces and every node."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "EKS needs subnets in at least two availability zones (three in production)."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets, one per availability zone: the internet-facing load balancer."
  type        = list(string)
}

variable "node_security_group_id" {
  description = "Security group of the nodes (network module): admits the load balancer on the ingress NodePorts."
  type        = string
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer (network module)."
  type        = string
}

variable "service_ipv4_cidr" {
  description = "Range of the Kubernetes Service addresses; must not overlap the VPC."
  type        = string
  default     = "172.20.0.0/16"
}

variable "endpoint_public_access" {
  description = "Whether the Kubernetes API is also reachable from outside the VPC (from public_access_cidrs only). The private endpoint is always on."
  type        = bool
  default     = true
}

variable "public_access_cidrs" {
  description = "Administrators' ranges allowed to reach the public API endpoint (office, VPN, CI runners). No default: the internet is never allowed."
  type        = list(string)

  validation {
    condition     = !contains(var.public_access_cidrs, "0.0.0.0/0") && !contains(var.public_access_cidrs, "::/0")
    error_message = "public_access_cidrs must not contain 0.0.0.0/0 or ::/0: list the administrators' ranges."
  }
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles or users given cluster-admin through EKS access entries (the identity running Terraform gets it as the creator)."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Days the control plane logs are kept in CloudWatch Logs."
  type        = number
  default     = 90
}

variable "addon_versions" {
  description = "Pinned EKS add-on versions by name (vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver, eks-pod-identity-agent); a missing name gets EKS's default for the cluster version."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Application nodes: the self-managed Auto Scaling group
# ---------------------------------------------------------------------------------------------------------------------

variable "node_instance_type" {
  description = "Instance type of the application nodes. One type: a warm pool cannot be used with a mixed instances policy."
  type        = string
  default     = "m7i.xlarge"
}

variable "node_ami_id" {
  description = "AMI of the application nodes. Null: the EKS-optimized Amazon Linux 2023 AMI recommended for kubernetes_version (SSM parameter), so a new AMI release rolls the nodes through the instance refresh at the next apply. Pin it to control when that happens."
  type        = string
  default     = null
}

variable "node_volume_size_gib" {
  description = "Root volume of each node (gp3, encrypted): images and emptyDir volumes."
  type        = number
  default     = 50
}

variable "node_min_size" {
  description = "Minimum number of application nodes (prod: 2)."
  type        = number
}

variable "node_max_size" {
  description = "Maximum number of application nodes (prod: 20)."
  type        = number
}

variable "node_desired_capacity" {
  description = "Application nodes at creation (prod: 3). Afterwards the scaling policies and the cluster autoscaler own it (Terraform ignores later changes)."
  type        = number
}

variable "health_check_grace_period" {
  description = "Seconds after launch before the load balancer's health check counts: boot, join, and the ingress controller answering through the node."
  type        = number
  default     = 600
}

variable "default_instance_warmup" {
  description = "Seconds before a new node's metrics count for the scaling policies."
  type        = number
  default     = 300
}

variable "suspend_unhealthy_replacement" {
  description = "Suspend the group's ReplaceUnhealthy process. Set true only for the very first apply, before the ingress controller and the chart are installed (every node fails the load balancer's health check until then); set it back to false once the targets are healthy."
  type        = bool
  default     = false
}

variable "cpu_target_percent" {
  description = "Average node CPU the CPU target-tracking policy (and the predictive policy) aims for."
  type        = number
  default     = 60
}

variable "requests_per_target_per_minute" {
  description = "ALB requests per node per minute the request-count target-tracking policy aims for (24000 = 400 requests/s per 4-vCPU node; derive it from docs/capacity.md)."
  type        = number
  default     = 24000
}

variable "predictive_scaling_mode" {
  description = "ForecastOnly (learn and show forecasts: dev, and the first two weeks of prod) or ForecastAndScale."
  type        = string
  default     = "ForecastAndScale"

  validation {
    condition     = contains(["ForecastOnly", "ForecastAndScale"], var.predictive_scaling_mode)
    error_message = "predictive_scaling_mode must be ForecastOnly or ForecastAndScale."
  }
}

variable "scheduled_actions" {
  description = "Recurring capacity changes for known peaks (cron in time_zone). Set min_size (a floor) rather than desired_capacity: a recurring desired_capacity would undo the autoscalers. Null fields are left unchanged."
  type = list(object({
    name             = string
    recurrence       = string
    time_zone        = optional(string, "Etc/UTC")
    min_size         = optional(number)
    max_size         = optional(number)
    desired_capacity = optional(number)
  }))
  default = []
}

variable "warm_pool_min_size" {
  description = "Stopped, pre-initialised instances kept in the warm pool (0 disables the floor; the pool still absorbs scale-outs up to warm_pool_max_prepared_capacity)."
  type        = number
  default     = 1
}

variable "warm_pool_max_prepared_capacity" {
  description = "Cap on running plus warm instances (the pool holds this minus the running ones, at least warm_pool_min_size). Null: warm_pool_min_size, a pool of fixed size; AWS's own default (max_size) would keep max_size - desired instances warm."
  type        = number
  default     = null
}

variable "warm_pool_reuse_on_scale_in" {
  description = "Return scaled-in instances to the warm pool instead of terminating them. Off: a stopped, reused node keeps its Node object (NotReady, tainted) and counts against the cluster autoscaler's unready limits."
  type        = bool
  default     = false
}

variable "instance_refresh_min_healthy_percentage" {
  description = "Share of the group that must stay healthy while an instance refresh replaces nodes."
  type        = number
  default     = 90
}

variable "instance_refresh_warmup" {
  description = "Seconds a new node gets during an instance refresh before the next batch is replaced."
  type        = number
  default     = 300
}

# ---------------------------------------------------------------------------------------------------------------------
# System nodes: a small EKS managed node group for the cluster add-ons
# ---------------------------------------------------------------------------------------------------------------------

variable "system_node_instance_type" {
  description = "Instance type of the system node group (CoreDNS, cluster autoscaler, ingress controller, controllers)."
  type        = string
  default     = "m7i.large"
}

variable "system_node_min_size" {
  description = "Minimum nodes of the system node group."
  type        = number
  default     = 2
}

variable "system_node_max_size" {
  description = "Maximum nodes of the system node group."
  type        = number
  default     = 4
}

variable "system_node_desired_size" {
  description = "Nodes of the system node group at creation."
  type        = number
  default     = 2
}

# ---------------------------------------------------------------------------------------------------------------------
# Load balancer
# ---------------------------------------------------------------------------------------------------------------------

variable "acm_certificate_arn" {
  description = "ACM certificate (in this region) of the public API name, for the HTTPS listener."
  type        = string
}

variable "ingress_node_port" {
  description = "NodePort of the ingress controller's HTTPS port: the target group's port (install ingress-nginx with controller.service.nodePorts.https set to it)."
  type        = number
  default     = 30443
}

variable "allowed_host_headers" {
  description = "Host names the HTTPS listener forwards (the API name and the origin names CloudFront uses); anything else gets 403. Empty: any host. At most 4 with origin_verify_header_name (an ALB rule takes 5 values)."
  type        = list(string)
  default     = []
}

variable "origin_verify_header_name" {
  description = "Header CloudFront adds to every origin request (edge module); set, the listener forwards only requests carrying it (plus the health endpoints). Null: no such restriction (no CloudFront in front)."
  type        = string
  default     = null
}

variable "origin_verify_header_value" {
  description = "Secret value of origin_verify_header_name (edge module output origin_verify_value); null without CloudFront. Required, without a default, as every secret input."
  type        = string
  sensitive   = true
}

variable "alb_deletion_protection" {
  description = "Deletion protection of the load balancer (false in dev, so that destroy works)."
  type        = bool
  default     = true
}

variable "alb_idle_timeout" {
  description = "Idle timeout of the load balancer, seconds (above the ingress' 30 s read timeout)."
  type        = number
  default     = 60
}

variable "access_logs_retention_days" {
  description = "Days the load balancer's access logs are kept."
  type        = number
  default     = 90
}

variable "force_destroy_buckets" {
  description = "Let destroy delete the access log bucket with its objects (dev)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------------------
# Workload identity (IRSA)
# ---------------------------------------------------------------------------------------------------------------------

variable "app_namespace" {
  description = "Namespace of the City Explorer chart (Argo CD: city-explorer-<env>): where the mongodb-backup and mongodb-restore-verify ServiceAccounts live."
  type        = string
}

variable "backup_bucket_arn" {
  description = "ARN of the MongoDB backup bucket (backups module): the backup and restore-drill jobs' role may write and read it."
  type        = string
}

variable "backup_prefix" {
  description = "Key prefix of the dumps in the backup bucket (the chart's datastores.mongodb.backup.prefix)."
  type        = string
  default     = "mongodb"
}

variable "backup_kms_key_arn" {
  description = "KMS key of the backup bucket (SSE-KMS), or null when it uses S3-managed keys."
  type        = string
  default     = null
}

variable "secrets_name_prefixes" {
  description = "Name prefixes of the Secrets Manager secrets external-secrets may read: the platform's (e.g. city-explorer-prod/) and MSK's SCRAM secrets (AmazonMSK_city-explorer-prod_)."
  type        = list(string)

  validation {
    condition     = length(var.secrets_name_prefixes) > 0 && alltrue([for prefix in var.secrets_name_prefixes : length(prefix) >= 4])
    error_message = "secrets_name_prefixes must list at least one prefix of 4 characters or more (a short prefix would open every secret)."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys those secrets are encrypted with (external-secrets needs kms:Decrypt through Secrets Manager)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every taggable resource (the provider's default_tags add the mandatory ones; they are repeated on the Auto Scaling group, whose tags default_tags does not reach)."
  type        = map(string)
  default     = {}
}
