# Production: the primary region plus a warm standby in the DR region. No variable holds a secret: passwords and
# tokens are generated (random_password) into Secrets Manager by the modules, and the Atlas API keys come from the
# environment.

variable "region" {
  description = "Primary AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "dr_region" {
  description = "Disaster-recovery AWS region (warm standby)."
  type        = string
  default     = "eu-central-1"
}

variable "owner" {
  description = "Owner tag: the team answerable for these resources (e.g. platform@city-explorer.example)."
  type        = string
}

variable "cost_center" {
  description = "CostCenter tag for billing."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 range of the primary region's VPC (/16)."
  type        = string
  default     = "10.20.0.0/16"
}

variable "dr_vpc_cidr" {
  description = "IPv4 range of the DR region's VPC (/16; distinct from vpc_cidr so the two can be peered)."
  type        = string
  default     = "10.21.0.0/16"
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version of both clusters (1.31 or later)."
  type        = string
  default     = "1.33"
}

variable "admin_cidrs" {
  description = "Ranges allowed to reach the public Kubernetes API endpoints (office, VPN, CI). No default: never the internet."
  type        = list(string)
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles or users given cluster-admin besides the identity that runs Terraform (e.g. the SSO administrator role, the CI deploy role)."
  type        = list(string)
  default     = []
}

variable "route53_zone_id" {
  description = "Public Route 53 hosted zone of api_domain_name: certificate validation, the API's records, failover."
  type        = string
}

variable "api_domain_name" {
  description = "Public name of the API, e.g. api.city-explorer.example."
  type        = string
}

variable "atlas_org_id" {
  description = "MongoDB Atlas organisation id the project is created in (an id, not a secret)."
  type        = string
}

# ---------------------------------------------------------------------------------------------------------------------
# Application nodes (primary region)
# ---------------------------------------------------------------------------------------------------------------------

variable "node_instance_type" {
  description = "Instance type of the application nodes (both regions)."
  type        = string
  default     = "m7i.xlarge"
}

variable "node_min_size" {
  description = "Minimum number of application nodes in the primary region."
  type        = number
  default     = 2
}

variable "node_max_size" {
  description = "Maximum number of application nodes in the primary region."
  type        = number
  default     = 20
}

variable "node_desired_capacity" {
  description = "Application nodes at creation in the primary region (then owned by the autoscalers)."
  type        = number
  default     = 3
}

variable "warm_pool_min_size" {
  description = "Stopped, pre-initialised nodes kept ready in the primary region's warm pool."
  type        = number
  default     = 2
}

variable "predictive_scaling_mode" {
  description = "ForecastOnly for the first two weeks (check the forecasts in the console), then ForecastAndScale."
  type        = string
  default     = "ForecastAndScale"
}

variable "scheduled_actions" {
  description = "Seasonal floors of the primary region's node group (cron in time_zone; min_size only, so the autoscalers keep the rest). Each season's action repeats daily through the season and re-asserts the floor; the end action lowers it."
  type = list(object({
    name             = string
    recurrence       = string
    time_zone        = optional(string, "Etc/UTC")
    min_size         = optional(number)
    max_size         = optional(number)
    desired_capacity = optional(number)
  }))
  default = [
    # Summer season, June to August: at least 4 nodes from 07:00 every day.
    { name = "summer-season", recurrence = "0 7 * 6-8 *", time_zone = "Europe/Berlin", min_size = 4 },
    { name = "summer-season-end", recurrence = "0 7 1 9 *", time_zone = "Europe/Berlin", min_size = 2 },
    # Christmas markets, from the last week of November to December 23rd: at least 5 nodes, evenings included.
    { name = "christmas-markets-start", recurrence = "0 8 24-30 11 *", time_zone = "Europe/Berlin", min_size = 5 },
    { name = "christmas-markets", recurrence = "0 8 1-23 12 *", time_zone = "Europe/Berlin", min_size = 5 },
    { name = "christmas-markets-end", recurrence = "0 8 24 12 *", time_zone = "Europe/Berlin", min_size = 2 },
  ]
}

# ---------------------------------------------------------------------------------------------------------------------
# DR region: warm standby
# ---------------------------------------------------------------------------------------------------------------------

variable "dr_node_min_size" {
  description = "Minimum application nodes of the warm standby (enough for the chart's minimum replicas)."
  type        = number
  default     = 2
}

variable "dr_node_max_size" {
  description = "Maximum application nodes of the warm standby (the same ceiling as the primary: it must take all traffic after a failover)."
  type        = number
  default     = 20
}

variable "dr_node_desired_capacity" {
  description = "Application nodes of the warm standby at creation."
  type        = number
  default     = 2
}

variable "dr_warm_pool_min_size" {
  description = "Stopped nodes in the standby's warm pool: what a failover can add within a minute or two, at the cost of their volumes only."
  type        = number
  default     = 4
}

# ---------------------------------------------------------------------------------------------------------------------
# Data stores
# ---------------------------------------------------------------------------------------------------------------------

variable "redis_node_type" {
  description = "ElastiCache node type of the primary region."
  type        = string
  default     = "cache.r7g.large"
}

variable "dr_redis_node_type" {
  description = "ElastiCache node type of the standby (sessions are not replicated: after a failover users sign in again)."
  type        = string
  default     = "cache.r7g.large"
}

variable "kafka_broker_instance_type" {
  description = "MSK broker instance type of the primary region."
  type        = string
  default     = "kafka.m7g.large"
}

variable "dr_kafka_broker_instance_type" {
  description = "MSK broker instance type of the standby."
  type        = string
  default     = "kafka.m7g.large"
}

variable "atlas_instance_size" {
  description = "Atlas tier of the replica set at creation (compute autoscaling goes up to atlas_max_instance_size)."
  type        = string
  default     = "M30"
}

variable "atlas_max_instance_size" {
  description = "Upper bound of Atlas compute autoscaling."
  type        = string
  default     = "M60"
}

variable "atlas_cluster_regions" {
  description = "Atlas regions of the one replica set, primary's first. 2 + 2 + 1 electable nodes: losing any one region leaves a majority, so the DR region's members elect a primary without a person."
  type = list(object({
    region_name     = string
    electable_nodes = number
    read_only_nodes = number
  }))
  default = [
    { region_name = "EU_WEST_1", electable_nodes = 2, read_only_nodes = 0 },
    { region_name = "EU_CENTRAL_1", electable_nodes = 2, read_only_nodes = 0 },
    { region_name = "EU_WEST_2", electable_nodes = 1, read_only_nodes = 0 },
  ]
}
