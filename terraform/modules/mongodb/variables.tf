variable "name_prefix" {
  description = "Prefix for every name this module creates, e.g. \"city-explorer-prod\"."
  type        = string
}

variable "tags" {
  description = "Tags added to every taggable AWS resource (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

# ---- What this instance of the module creates ----

variable "create_cluster" {
  description = "true: the Atlas project, cluster, users, backups and encryption at rest, plus a PrivateLink endpoint in this provider's region. false: only a PrivateLink endpoint into an existing project (project_id): the DR region's instance."
  type        = bool
  default     = true
}

variable "atlas_org_id" {
  description = "Atlas organisation id the project is created in (create_cluster = true). Not a secret; the API keys come from MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY in the environment."
  type        = string
  default     = null
}

variable "project_id" {
  description = "Existing Atlas project id (create_cluster = false, e.g. module.mongodb.project_id of the primary region)."
  type        = string
  default     = null
}

variable "cluster_name" {
  description = "Existing Atlas cluster name (create_cluster = false), to look up this region's private connection string."
  type        = string
  default     = null
}

# ---- Cluster ----

variable "mongodb_major_version" {
  description = "MongoDB major version (the chart and docker-compose run 8.0)."
  type        = string
  default     = "8.0"
}

variable "instance_size" {
  description = "Atlas tier of the electable nodes at creation (M30 is the smallest tier for production workloads; compute autoscaling moves it between instance_size and max_instance_size)."
  type        = string
  default     = "M30"
}

variable "max_instance_size" {
  description = "Upper bound of compute autoscaling."
  type        = string
  default     = "M60"
}

variable "cluster_regions" {
  description = "Regions of the replica set, highest priority first (Atlas names, e.g. EU_WEST_1). The first holds the primary. Null: three electable nodes in this provider's region. Total electable nodes must be odd; surviving a region loss without a person needs a majority outside any one region (e.g. 2 + 2 + 1 over three regions)."
  type = list(object({
    region_name     = string
    electable_nodes = number
    read_only_nodes = number
  }))
  default = null
}

variable "termination_protection_enabled" {
  description = "Atlas refuses to delete the cluster while true (set false in dev to allow terraform destroy)."
  type        = bool
  default     = true
}

variable "databases" {
  description = "One database per service, each with its own user (readWrite on that database only), as the chart's mongodb-init does."
  type        = list(string)
  default     = ["user-service", "city-service", "place-service", "itinerary-service", "review-service", "affiliate-service"]
}

variable "backup_user_enabled" {
  description = "Create the \"backup\" user the chart's mongodump CronJob uses (built-in backup role). Atlas' own snapshots do not need it."
  type        = bool
  default     = true
}

# ---- Backups ----

variable "pit_restore_window_days" {
  description = "Continuous cloud backup: how many days back a point-in-time restore can go."
  type        = number
  default     = 2
}

variable "snapshot_retention" {
  description = "Snapshot retention: hourly (days), daily (days), weekly (weeks), monthly (months)."
  type = object({
    hourly_days   = number
    daily_days    = number
    weekly_weeks  = number
    monthly_month = number
  })
  default = {
    hourly_days   = 2
    daily_days    = 35
    weekly_weeks  = 12
    monthly_month = 12
  }
}

variable "backup_copy_region" {
  description = "Atlas region (e.g. EU_CENTRAL_1) snapshots and oplogs are also copied to, for a restore when the primary region is gone. Null: no copy."
  type        = string
  default     = null
}

# ---- Encryption and secrets ----

variable "kms_key_arn" {
  description = "KMS key for Atlas encryption at rest (customer key management) and the user secrets. Null: the module creates one."
  type        = string
  default     = null
}

variable "secret_recovery_window_days" {
  description = "Days a deleted user secret can still be restored (0 deletes at once: dev only)."
  type        = number
  default     = 7
}

variable "secret_replica_regions" {
  description = "Regions the user secrets are replicated to (the DR region, for its external-secrets)."
  type        = list(string)
  default     = []
}

# ---- PrivateLink (both kinds of instance) ----

variable "vpc_id" {
  description = "VPC the interface endpoint is created in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the interface endpoint's network interfaces (one per zone)."
  type        = list(string)
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the endpoint (the EKS nodes' security group)."
  type        = list(string)
}

variable "private_endpoint_regional_mode" {
  description = "Project-wide regionalized private endpoints: required when the cluster spans regions and each region connects through its own endpoint. Set on the create_cluster instance."
  type        = bool
  default     = false
}
