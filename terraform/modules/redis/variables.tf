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
  description = "VPC the replication group lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private (data) subnets, one per availability zone (three in production), for the cache subnet group."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect on the Redis port (the EKS nodes' security group)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest, snapshots and the AUTH token secret. Null: the module creates one."
  type        = string
  default     = null
}

variable "engine_version" {
  description = "Redis OSS engine version (major.minor); the parameter group family is derived from its major version."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "Cache node type, e.g. cache.t4g.small (dev), cache.r7g.large (prod)."
  type        = string
  default     = "cache.r7g.large"
}

variable "cluster_mode_enabled" {
  description = "Redis Cluster (sharded). Off by default: the services' Lua scripts touch keys in more than one hash slot (see README); turn on only after they are slot-safe."
  type        = bool
  default     = false
}

variable "num_node_groups" {
  description = "Shards. Must be 1 while cluster_mode_enabled is false."
  type        = number
  default     = 1

  validation {
    condition     = var.num_node_groups >= 1
    error_message = "num_node_groups must be at least 1."
  }
}

variable "replicas_per_node_group" {
  description = "Replicas per shard, in other availability zones than its primary (at least 1: automatic failover needs one)."
  type        = number
  default     = 2

  validation {
    condition     = var.replicas_per_node_group >= 1 && var.replicas_per_node_group <= 5
    error_message = "replicas_per_node_group must be between 1 and 5."
  }
}

variable "maxmemory_policy" {
  description = "maxmemory-policy: noeviction as in the chart (evicting would silently log users out or reset rate limits)."
  type        = string
  default     = "noeviction"
}

variable "snapshot_retention_limit" {
  description = "Days of automatic snapshots kept (0 disables them). Redis holds rebuildable state; snapshots only shorten a recovery."
  type        = number
  default     = 3
}

variable "snapshot_window" {
  description = "Daily snapshot window (UTC, hh24:mi-hh24:mi); must not overlap maintenance_window."
  type        = string
  default     = "02:00-03:00"
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC, ddd:hh24:mi-ddd:hh24:mi)."
  type        = string
  default     = "sun:04:00-sun:05:00"
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the next maintenance window."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the slow-log and engine-log CloudWatch log groups."
  type        = number
  default     = 30
}

variable "secret_recovery_window_days" {
  description = "Days a deleted AUTH token secret can still be restored (0 deletes at once: dev only)."
  type        = number
  default     = 7
}

variable "secret_replica_regions" {
  description = "Regions the AUTH token secret is replicated to (the DR region, so its external-secrets can read it)."
  type        = list(string)
  default     = []
}
