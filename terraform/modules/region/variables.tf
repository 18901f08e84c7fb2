# Defaults are the child modules' own: passing null to a module input would not select its default.

variable "name" {
  description = "Name of the region's stack (prefix of every resource name), e.g. city-explorer-prod-dr."
  type        = string
}

variable "tags" {
  description = "Tags added to every taggable resource, and to the Auto Scaling groups, which default_tags does not reach."
  type        = map(string)
  default     = {}
}

# ---- Network ----

variable "vpc_cidr" {
  description = "VPC range of this region."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (dev) instead of one per zone."
  type        = bool
  default     = false
}

variable "interface_endpoints" {
  description = "AWS services reached through interface endpoints instead of the NAT gateways."
  type        = list(string)
  default     = []
}

variable "flow_logs_retention_days" {
  description = "Retention of the VPC flow logs."
  type        = number
  default     = 90
}

# ---- The load balancer's certificate ----

variable "api_domain_name" {
  description = "Public name of the API (the certificate's name)."
  type        = string
}

variable "origin_domain_name" {
  description = "Name CloudFront connects to (origin.<api_domain_name>); the certificate also covers <region>.<origin_domain_name>."
  type        = string
}

variable "route53_zone_id" {
  description = "Hosted zone of the certificate's DNS validation records."
  type        = string
}

# ---- Data stores ----

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.r7g.large"
}

variable "redis_replicas_per_node_group" {
  description = "Redis replicas besides the primary."
  type        = number
  default     = 2
}

variable "redis_snapshot_retention_limit" {
  description = "Days of Redis snapshots kept."
  type        = number
  default     = 3
}

variable "redis_apply_immediately" {
  description = "Apply Redis changes at once instead of in the maintenance window."
  type        = bool
  default     = false
}

variable "kafka_broker_instance_type" {
  description = "MSK broker instance type."
  type        = string
  default     = "kafka.m7g.large"
}

variable "kafka_number_of_broker_nodes" {
  description = "MSK brokers (a multiple of the zones)."
  type        = number
  default     = 3
}

variable "kafka_broker_volume_size" {
  description = "Initial EBS volume per broker, GiB."
  type        = number
  default     = 100
}

variable "kafka_storage_autoscaling_max_gib" {
  description = "Ceiling of the brokers' storage autoscaling, GiB."
  type        = number
  default     = 1000
}

variable "kafka_enhanced_monitoring" {
  description = "MSK enhanced monitoring level."
  type        = string
  default     = "PER_TOPIC_PER_BROKER"
}

variable "secret_recovery_window_days" {
  description = "Recovery window of the Redis and Kafka secrets (0 deletes at once, dev)."
  type        = number
  default     = 7
}

variable "atlas_private_endpoint" {
  description = "Atlas project and cluster this region reaches through its own PrivateLink endpoint; null where the environment's mongodb module (with the cluster) makes the endpoint."
  type = object({
    project_id   = string
    cluster_name = string
  })
  default = null
}

# ---- EKS ----

variable "kubernetes_version" {
  description = "EKS Kubernetes version."
  type        = string
  default     = "1.33"
}

variable "admin_cidrs" {
  description = "Ranges admitted to the Kubernetes API's public endpoint."
  type        = list(string)
}

variable "cluster_admin_principal_arns" {
  description = "IAM principals given cluster-admin access entries."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Retention of the EKS control plane logs."
  type        = number
  default     = 90
}

variable "node_instance_type" {
  description = "Instance type of the application nodes."
  type        = string
  default     = "m7i.xlarge"
}

variable "node_min_size" {
  description = "Minimum of the application nodes' Auto Scaling group."
  type        = number
}

variable "node_max_size" {
  description = "Maximum of the application nodes' Auto Scaling group."
  type        = number
}

variable "node_desired_capacity" {
  description = "Application nodes at creation (the autoscalers own it afterwards)."
  type        = number
}

variable "suspend_unhealthy_replacement" {
  description = "Suspend the replacement of ELB-unhealthy nodes (first apply, before the ingress exists)."
  type        = bool
  default     = false
}

variable "predictive_scaling_mode" {
  description = "ForecastOnly or ForecastAndScale."
  type        = string
  default     = "ForecastAndScale"
}

variable "scheduled_actions" {
  description = "Recurring capacity floors of the application nodes (modules/eks, scheduled_actions)."
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
  description = "Stopped, pre-initialised instances kept in the warm pool."
  type        = number
  default     = 1
}

variable "system_node_instance_type" {
  description = "Instance type of the system (add-on) node group."
  type        = string
  default     = "m7i.large"
}

variable "system_node_min_size" {
  description = "Minimum of the system node group."
  type        = number
  default     = 2
}

variable "system_node_desired_size" {
  description = "System nodes at creation."
  type        = number
  default     = 2
}

variable "origin_verify_header_name" {
  description = "Header CloudFront adds and the load balancer requires (edge module output origin_verify_header_name)."
  type        = string
  default     = null
}

variable "origin_verify_header_value" {
  description = "Secret value of origin_verify_header_name (edge module output origin_verify_value). Required, without a default, as every secret input."
  type        = string
  sensitive   = true
}

variable "alb_deletion_protection" {
  description = "Deletion protection of the load balancer (false in dev, so that destroy works)."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Let destroy delete the access log bucket with its objects (dev)."
  type        = bool
  default     = false
}

variable "access_logs_retention_days" {
  description = "Retention of the load balancer's access logs."
  type        = number
  default     = 90
}

variable "app_namespace" {
  description = "Namespace the chart is installed into (IRSA trust)."
  type        = string
}

variable "backup_bucket_arn" {
  description = "Bucket of the MongoDB dumps the backup and restore roles may use (this region's copy)."
  type        = string
}

variable "backup_kms_key_arn" {
  description = "KMS key of the dump bucket, or null."
  type        = string
  default     = null
}

variable "secrets_name_prefixes" {
  description = "Secrets Manager name prefixes external-secrets may read in this region."
  type        = list(string)
}

variable "extra_secrets_kms_key_arns" {
  description = "KMS keys of secrets made outside this module (the Atlas users'), besides Redis' and Kafka's."
  type        = list(string)
  default     = []
}
