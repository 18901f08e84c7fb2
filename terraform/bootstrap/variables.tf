variable "region" {
  description = "Region of the state bucket (the environments' backend.hcl region)."
  type        = string
  default     = "eu-west-1"
}

variable "owner" {
  description = "Owner tag: the team answerable for the state bucket."
  type        = string
}

variable "cost_center" {
  description = "CostCenter tag for billing."
  type        = string
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten state version is kept (versioning is the undo of a bad apply)."
  type        = number
  default     = 90
}
