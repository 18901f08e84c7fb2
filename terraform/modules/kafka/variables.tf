variable "name_prefix" {
  description = "Prefix for every name this module creates, e.g. \"city-explorer-prod\"."
  type        = string
}

variable "tags" {
  description = "Tags added to every taggable resource (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "VPC the brokers live in."
  type        = string
}

variable "subnet_ids" {
  description = "Private (data) subnets, one per availability zone: three, so the three brokers land in three zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "MSK needs subnets in at least two availability zones (three in production)."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the brokers (the EKS nodes' security group)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for data at rest and the SCRAM secrets (MSK refuses secrets under the default aws/secretsmanager key). Null: the module creates one."
  type        = string
  default     = null
}

variable "kafka_version" {
  description = "MSK Kafka version. \"3.9.x.kraft\" is KRaft (no ZooKeeper); \"4.0.x.kraft\"/\"4.1.x.kraft\" also exist. The services' kafka-clients 4.x talk to either."
  type        = string
  default     = "3.9.x.kraft"
}

variable "broker_instance_type" {
  description = "Broker instance type, e.g. kafka.m7g.large. Small t3 brokers are for experiments only (and not offered for every version)."
  type        = string
  default     = "kafka.m7g.large"
}

variable "number_of_broker_nodes" {
  description = "Brokers in total; a multiple of the number of subnets (3 = one per zone)."
  type        = number
  default     = 3
}

variable "broker_volume_size" {
  description = "Initial EBS volume per broker, GiB. Storage autoscaling grows it (never shrinks)."
  type        = number
  default     = 100
}

variable "storage_autoscaling_max_gib" {
  description = "Upper bound of storage autoscaling per broker, GiB."
  type        = number
  default     = 1000
}

variable "storage_autoscaling_target_percent" {
  description = "Disk utilisation the storage autoscaling keeps the brokers under."
  type        = number
  default     = 60
}

variable "scram_users" {
  description = "One SASL/SCRAM user (and Secrets Manager secret) per client: the six services by default."
  type        = list(string)
  default     = ["user-service", "city-service", "place-service", "itinerary-service", "review-service", "affiliate-service"]
}

variable "iam_auth_enabled" {
  description = "Also enable IAM client authentication (port 9098): required by MSK Replicator and by clients using the aws-msk-iam-auth library."
  type        = bool
  default     = true
}

variable "default_partitions" {
  description = "num.partitions for topics created without a count (the services create theirs with 6)."
  type        = number
  default     = 6
}

variable "log_retention_hours" {
  description = "Default topic retention (7 days as in the chart)."
  type        = number
  default     = 168
}

variable "enhanced_monitoring" {
  description = "MSK CloudWatch monitoring level: DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION."
  type        = string
  default     = "PER_TOPIC_PER_BROKER"
}

variable "log_retention_days" {
  description = "Retention of the broker log group in CloudWatch."
  type        = number
  default     = 30
}

variable "secret_recovery_window_days" {
  description = "Days a deleted SCRAM secret can still be restored (0 deletes at once: dev only)."
  type        = number
  default     = 7
}
