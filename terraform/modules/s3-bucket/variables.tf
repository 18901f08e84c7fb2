variable "name" {
  description = "Bucket name. Set this or bucket_prefix."
  type        = string
  default     = null
}

variable "bucket_prefix" {
  description = "Prefix of a generated, unique bucket name (at most 37 characters). Set this or name."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags of the bucket (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

variable "sse_algorithm" {
  description = "Default encryption: aws:kms with kms_key_arn (and an S3 Bucket Key), or AES256 (SSE-S3) for writers that cannot use KMS (ALB access logs)."
  type        = string
  default     = "aws:kms"

  validation {
    condition     = contains(["aws:kms", "AES256"], var.sse_algorithm)
    error_message = "sse_algorithm is aws:kms or AES256."
  }
}

variable "kms_key_arn" {
  description = "KMS key of the default encryption when sse_algorithm is aws:kms."
  type        = string
  default     = null
}

variable "versioning" {
  description = "Keep object versions."
  type        = bool
  default     = true
}

variable "object_lock" {
  description = "Object Lock default retention (needs versioning), or null for none. Only settable when the bucket is created."
  type = object({
    mode = optional(string, "GOVERNANCE")
    days = number
  })
  default = null
}

variable "object_ownership" {
  description = "BucketOwnerEnforced (ACLs disabled), or BucketOwnerPreferred for writers that use ACLs (CloudFront standard logs)."
  type        = string
  default     = "BucketOwnerEnforced"
}

variable "lifecycle_rules" {
  description = "Lifecycle rules, each enabled; prefix null means the whole bucket, a null number leaves that action out."
  type = list(object({
    id                                     = string
    prefix                                 = optional(string)
    transition_days                        = optional(number)
    transition_storage_class               = optional(string)
    expiration_days                        = optional(number)
    expired_object_delete_marker           = optional(bool)
    noncurrent_version_expiration_days     = optional(number)
    abort_incomplete_multipart_upload_days = optional(number)
  }))
  default = []
}

variable "policy_documents" {
  description = "Extra bucket policy statements: aws_iam_policy_document JSON documents, merged with the TLS-only deny."
  type        = list(string)
  default     = []
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket with its objects (development only)."
  type        = bool
  default     = false
}
