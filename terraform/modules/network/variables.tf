variable "name" {
  description = "Name prefix of every resource (e.g. city-explorer-prod); also the EKS cluster name the subnets are tagged for."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name))
    error_message = "name must be 3-28 lowercase letters, digits and hyphens (it prefixes IAM and S3 names)."
  }
}

variable "cidr_block" {
  description = "IPv4 range of the VPC. A /16: the private subnets are /18s because the VPC CNI gives every pod a VPC address."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr_block)) && can(regex("/(8|9|1[0-6])$", var.cidr_block))
    error_message = "cidr_block must be a valid IPv4 range of /16 or larger."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread over (the first N the region offers)."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3 (the subnet layout has room for three zones)."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, dev) instead of one per zone (a zone's outage does not cut the others' egress; prod)."
  type        = bool
  default     = false
}

variable "flow_logs_retention_days" {
  description = "Days the VPC flow logs are kept in CloudWatch Logs."
  type        = number
  default     = 90
}

variable "alb_ingress_cidr_blocks" {
  description = "Client ranges allowed to reach the load balancer on 443 and 80. The internet by default; CloudFront sits in front in prod, and Route 53 health checks also call the load balancer directly."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "ingress_node_ports" {
  description = "TCP ports on the nodes the load balancer may reach: the ingress controller's NodePorts (HTTPS, HTTP)."
  type        = list(number)
  default     = [30443, 30080]
}

variable "interface_endpoints" {
  description = "AWS services reached through interface VPC endpoints instead of the NAT gateways (e.g. [\"ecr.api\", \"ecr.dkr\", \"sts\", \"secretsmanager\", \"logs\"]). The S3 gateway endpoint is always created."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every taggable resource (the provider's default_tags add the mandatory ones)."
  type        = map(string)
  default     = {}
}
