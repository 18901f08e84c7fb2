variable "name_prefix" {
  description = "Prefix for every name this module creates, e.g. \"city-explorer-prod\"."
  type        = string
}

variable "tags" {
  description = "Tags added to every taggable resource (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}

# ---- Names ----

variable "zone_id" {
  description = "Route 53 public hosted zone that holds domain_name and the origin names."
  type        = string
}

variable "domain_name" {
  description = "Public API name served by CloudFront, e.g. api.city-explorer.example."
  type        = string
}

variable "additional_aliases" {
  description = "Further names CloudFront answers for (they must be in the certificate and the zone)."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "Existing ACM certificate in us-east-1 covering domain_name and additional_aliases. Null: the module requests one and validates it in zone_id."
  type        = string
  default     = null
}

variable "origin_domain_name" {
  description = "Name CloudFront connects to (failover or latency records over the regional ALBs). Null: origin.<domain_name>. The ALBs' certificate must cover it and <region>.<origin_domain_name>."
  type        = string
  default     = null
}

# ---- Regions and load balancers ----

variable "primary_region" {
  description = "AWS region of the primary deployment, e.g. eu-west-1."
  type        = string
}

variable "primary_alb" {
  description = "The primary region's ALB (aws_lb dns_name and zone_id)."
  type = object({
    dns_name = string
    zone_id  = string
  })
}

variable "dr_region" {
  description = "AWS region of the warm standby, e.g. eu-central-1. Null: single region (dev): no failover records."
  type        = string
  default     = null
}

variable "dr_alb" {
  description = "The DR region's ALB (dns_name and zone_id); required with dr_region."
  type = object({
    dns_name = string
    zone_id  = string
  })
  default = null
}

variable "latency_routing_enabled" {
  description = "false (default): active/passive, the origin name fails over PRIMARY -> SECONDARY. true: active/active, the origin name is latency-based over per-region failover pairs. Only once events are replicated between regions (see README)."
  type        = bool
  default     = false
}

# ---- Health checks ----

variable "health_check_path" {
  description = "Gateway readiness path checked on each region's ALB over HTTPS."
  type        = string
  default     = "/actuator/health/readiness"
}

variable "health_check_service_paths" {
  description = "Services' readiness through the gateway (/services/{name}/health/readiness) that must all be up for a region to count as healthy; combined with the gateway's check in a calculated health check."
  type        = list(string)
  default = [
    "/services/user/health/readiness",
    "/services/city/health/readiness",
    "/services/place/health/readiness",
  ]
}

variable "health_check_interval" {
  description = "Seconds between checks from each checker (10 or 30)."
  type        = number
  default     = 30
}

variable "health_check_failure_threshold" {
  description = "Consecutive failures before a check is unhealthy."
  type        = number
  default     = 3
}

variable "health_check_regions" {
  description = "Route 53 checker regions (at least 3). Null: Route 53's default set."
  type        = list(string)
  default     = null
}

# ---- CloudFront ----

variable "price_class" {
  description = "CloudFront price class: PriceClass_100 (Europe, North America), PriceClass_200, PriceClass_All."
  type        = string
  default     = "PriceClass_100"
}

variable "origin_read_timeout" {
  description = "Seconds CloudFront waits for the origin's answer (1-60 without a quota increase). Above the ingress/gateway route timeouts (30 s) so the gateway's own 504 is what clients see."
  type        = number
  default     = 35
}

variable "static_max_ttl" {
  description = "Upper bound (s) for caching /static/* and /swagger-ui/*; also their TTL when the origin sends no Cache-Control."
  type        = number
  default     = 604800
}

variable "origin_verify_header_name" {
  description = "Header CloudFront adds to every origin request with a random secret; the ALB's listener rules should forward only requests carrying it (see README)."
  type        = string
  default     = "X-Origin-Verify"
}

variable "waf_enabled" {
  description = "Create a WAF web ACL (us-east-1, CLOUDFRONT scope) with AWS managed rules and a per-IP rate-based rule."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests per client IP per 5 minutes before the WAF blocks it (the gateway's anonymous tier, 20/s, is 6,000 per 5 minutes)."
  type        = number
  default     = 6000
}

variable "web_acl_arn" {
  description = "Existing CLOUDFRONT-scoped web ACL to attach instead of creating one (waf_enabled = false)."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Days CloudFront access logs are kept in the logs bucket."
  type        = number
  default     = 90
}

variable "logs_kms_key_arn" {
  description = "KMS key for the logs bucket (its policy must let delivery.logs.amazonaws.com use it). Null: the module creates one."
  type        = string
  default     = null
}
