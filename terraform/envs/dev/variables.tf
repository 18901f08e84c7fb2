# The development environment: one region, the production shape at a smaller size. No variable holds a
# secret: passwords and tokens are generated (random_password) into Secrets Manager by the modules, and the
# Atlas API keys come from the environment.

variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"
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
  description = "IPv4 range of the VPC (/16)."
  type        = string
  default     = "10.30.0.0/16"
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version (1.31 or later)."
  type        = string
  default     = "1.33"
}

variable "admin_cidrs" {
  description = "Ranges allowed to reach the public Kubernetes API endpoint (office, VPN, CI). No default: never the internet."
  type        = list(string)
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles or users given cluster-admin besides the identity that runs Terraform (e.g. the SSO administrator role)."
  type        = list(string)
  default     = []
}

variable "route53_zone_id" {
  description = "Public Route 53 hosted zone of api_domain_name: certificate validation and the API's records."
  type        = string
}

variable "api_domain_name" {
  description = "Public name of the API in this environment, e.g. api.dev.city-explorer.example."
  type        = string
}

variable "atlas_org_id" {
  description = "MongoDB Atlas organisation id the project is created in (an id, not a secret)."
  type        = string
}

variable "node_instance_type" {
  description = "Instance type of the application nodes."
  type        = string
  default     = "m7i.xlarge"
}

variable "node_min_size" {
  description = "Minimum number of application nodes."
  type        = number
  default     = 1
}

variable "node_max_size" {
  description = "Maximum number of application nodes."
  type        = number
  default     = 4
}

variable "node_desired_capacity" {
  description = "Application nodes at creation (then owned by the autoscalers)."
  type        = number
  default     = 2
}

variable "suspend_unhealthy_replacement" {
  description = "true for the first apply only (before ingress-nginx and the chart answer the load balancer's health check); false afterwards. See README.md."
  type        = bool
  default     = false
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "kafka_broker_instance_type" {
  description = "MSK broker instance type."
  type        = string
  default     = "kafka.m7g.large"
}

variable "atlas_instance_size" {
  description = "Atlas tier (M10 is the smallest dedicated tier with PrivateLink and backups)."
  type        = string
  default     = "M10"
}
