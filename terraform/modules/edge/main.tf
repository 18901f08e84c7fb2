# The public edge: CloudFront in front of the regional ALBs (which forward to the gateway), with WAF,
# access logs, and Route 53 names with health-checked failover (and optional latency routing) between the
# primary and the DR region. README.md explains the routing tree and the RTO/RPO it gives.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  origin_fqdn = coalesce(var.origin_domain_name, "origin.${var.domain_name}")
  aliases     = concat([var.domain_name], var.additional_aliases)
  dr_enabled  = var.dr_region != null

  # primary (and dr): region name, ALB, and the regional origin name <region>.<origin_fqdn>.
  regions_all = {
    primary = { name = var.primary_region, alb = var.primary_alb, fqdn = format("%s.%s", var.primary_region, local.origin_fqdn) }
    dr      = { name = var.dr_region, alb = var.dr_alb, fqdn = format("%s.%s", coalesce(var.dr_region, "none"), local.origin_fqdn) }
  }
  regions = { for key, region in local.regions_all : key => region if region.name != null }

  # One HTTPS check per region and service path ([region key, path]), combined per region with the
  # gateway's own check.
  service_checks = { for pair in setproduct(keys(local.regions), var.health_check_service_paths) : format("%s%s", pair[0], pair[1]) => pair }

  # Active/active only: for each home region a failover pair ([home, target]): itself PRIMARY, the other
  # SECONDARY.
  latency_pairs = {
    for pair in setproduct(keys(local.regions), keys(local.regions)) : format("%s-%s", pair[0], pair[1]) => pair
    if local.dr_enabled && var.latency_routing_enabled
  }

  public_records = { for pair in setproduct(local.aliases, ["A", "AAAA"]) : format("%s-%s", pair[0], pair[1]) => pair }

  origin_verify_secret = {
    header = var.origin_verify_header_name
    value  = random_password.origin_verify.result
  }

  certificate_arn = var.acm_certificate_arn != null ? var.acm_certificate_arn : aws_acm_certificate_validation.this[0].certificate_arn
  web_acl_arn     = var.waf_enabled ? aws_wafv2_web_acl.this[0].arn : var.web_acl_arn
  logs_kms_key    = try(aws_kms_key.logs[0].arn, var.logs_kms_key_arn)
  logs_bucket     = "${var.name_prefix}-edge-logs-${data.aws_caller_identity.current.account_id}"
}

# ---- Certificate (us-east-1, as CloudFront requires) ----

resource "aws_acm_certificate" "this" {
  provider = aws.us_east_1
  count    = var.acm_certificate_arn == null ? 1 : 0

  domain_name               = var.domain_name
  subject_alternative_names = var.additional_aliases
  validation_method         = "DNS"
  tags                      = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "validation" {
  for_each = {
    for option in flatten([for certificate in aws_acm_certificate.this : certificate.domain_validation_options]) :
    option.domain_name => option
  }

  zone_id         = var.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  provider = aws.us_east_1
  count    = var.acm_certificate_arn == null ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for record in aws_route53_record.validation : record.fqdn]
}

# ---- Secret header: proves to the ALB that a request came through CloudFront (and its WAF) ----

resource "random_password" "origin_verify" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "origin_verify" {
  name                    = "${var.name_prefix}/edge/origin-verify"
  description             = "Value of the ${var.origin_verify_header_name} header CloudFront sends to the ALBs"
  kms_key_id              = local.logs_kms_key
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "origin_verify" {
  secret_id     = aws_secretsmanager_secret.origin_verify.id
  secret_string = jsonencode(local.origin_verify_secret)
}

# ---- Cache and origin request policies ----

# API (default behaviour). Nothing is cached unless the origin says so: default_ttl 0 means a response
# without Cache-Control/Expires is not stored, and min_ttl 0 lets no-cache, no-store and private win;
# max-age (the catalog's "public, max-age=60/300") is honoured up to max_ttl. Authorization is part of the
# key: CloudFront forwards it on GET/HEAD only when it is, and then a signed-in caller's cacheable response
# is only ever served back to requests carrying the same token, never to someone else. Origin is part of
# the key because the gateway's CORS answers vary by it.
resource "aws_cloudfront_cache_policy" "api" {
  name        = "${var.name_prefix}-api"
  comment     = "API: honour the origin's Cache-Control for GET/HEAD; Authorization and Origin in the key"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "whitelist"
      headers {
        items = ["Authorization", "Origin"]
      }
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

# Everything the viewer sent (content type, conditional and idempotency headers, the partners' webhook
# signature headers, the user agent that click counting uses), every query string, plus the viewer's
# address as CloudFront saw it (the gateway's per-client limits need it: README, "Client addresses").
# The Host header is forwarded too, so the ALBs' certificate must also cover domain_name.
resource "aws_cloudfront_origin_request_policy" "api" {
  name    = "${var.name_prefix}-api"
  comment = "API: all viewer headers and query strings, plus CloudFront-Viewer-Address"

  cookies_config {
    cookie_behavior = "none"
  }

  headers_config {
    header_behavior = "allViewerAndWhitelistCloudFront"
    headers {
      items = ["CloudFront-Viewer-Address"]
    }
  }

  query_strings_config {
    query_string_behavior = "all"
  }
}

# Static paths: long-lived, shared by everyone, no credentials in the key.
resource "aws_cloudfront_cache_policy" "static" {
  name        = "${var.name_prefix}-static"
  comment     = "Static assets and Swagger UI: long TTL, no credentials in the key"
  min_ttl     = 0
  default_ttl = 86400
  max_ttl     = var.static_max_ttl

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

# ---- WAF (CLOUDFRONT scope lives in us-east-1) ----

resource "aws_wafv2_web_acl" "this" {
  provider = aws.us_east_1
  count    = var.waf_enabled ? 1 : 0

  name        = "${var.name_prefix}-edge"
  description = "City Explorer edge: per-IP rate limit and AWS managed rules"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-rate-limit-per-ip"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-ip-reputation"
    priority = 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAmazonIpReputationList"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-ip-reputation"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-common"
    priority = 2

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"

        # Place bodies may be up to 256 KB (the gateway enforces the per-route limits); the rule set
        # would block anything over 8 KB.
        rule_action_override {
          name = "SizeRestrictions_BODY"
          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 3

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name_prefix}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name_prefix}-edge"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}

# ---- Access logs bucket ----

data "aws_iam_policy_document" "logs_key" {
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # CloudFront's standard logs are written by the log delivery service, which must be able to use the key.
  statement {
    sid       = "CloudFrontLogDelivery"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "logs" {
  count = var.logs_kms_key_arn == null ? 1 : 0

  description             = "${var.name_prefix}-edge: CloudFront access logs and the origin-verify secret"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.logs_key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "logs" {
  count = var.logs_kms_key_arn == null ? 1 : 0

  name          = "alias/${var.name_prefix}-edge-logs"
  target_key_id = aws_kms_key.logs[0].key_id
}

# CloudFront's standard logging writes through ACLs (it grants its log delivery account on the bucket),
# so ACLs stay enabled here, objects owned by the bucket owner.
module "logs_bucket" {
  source = "../s3-bucket"

  name             = local.logs_bucket
  kms_key_arn      = local.logs_kms_key
  versioning       = false
  object_ownership = "BucketOwnerPreferred"
  lifecycle_rules = [{
    id                                     = "expire-access-logs"
    prefix                                 = "cloudfront/"
    expiration_days                        = var.log_retention_days
    abort_incomplete_multipart_upload_days = 1
  }]
  tags = merge(var.tags, { Name = local.logs_bucket })
}

# ---- The distribution ----

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  comment         = "${var.name_prefix} API"
  aliases         = local.aliases
  price_class     = var.price_class
  web_acl_id      = local.web_acl_arn

  origin {
    origin_id           = "api"
    domain_name         = local.origin_fqdn
    connection_attempts = 3
    connection_timeout  = 10

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = var.origin_read_timeout
      origin_keepalive_timeout = 60
    }

    custom_header {
      name  = var.origin_verify_header_name
      value = random_password.origin_verify.result
    }
  }

  # The API: every method reaches the origin; GET and HEAD answers are cached only as the origin allows.
  default_cache_behavior {
    target_origin_id         = "api"
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = aws_cloudfront_cache_policy.api.id
    origin_request_policy_id = aws_cloudfront_origin_request_policy.api.id
    compress                 = true
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.static.id
    compress               = true
  }

  ordered_cache_behavior {
    path_pattern           = "/swagger-ui/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.static.id
    compress               = true
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = local.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  logging_config {
    bucket          = module.logs_bucket.bucket_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }

  tags = var.tags

  depends_on = [module.logs_bucket]
}

# ---- Route 53: health checks ----

resource "aws_route53_health_check" "gateway" {
  for_each = local.regions

  type              = "HTTPS"
  fqdn              = each.value.fqdn
  port              = 443
  resource_path     = var.health_check_path
  request_interval  = var.health_check_interval
  failure_threshold = var.health_check_failure_threshold
  measure_latency   = true
  enable_sni        = true
  regions           = var.health_check_regions
  tags              = merge(var.tags, { Name = "${var.name_prefix}-${each.value.name}-gateway" })
}

resource "aws_route53_health_check" "service" {
  for_each = local.service_checks

  type              = "HTTPS"
  fqdn              = local.regions[each.value[0]].fqdn
  port              = 443
  resource_path     = each.value[1]
  request_interval  = var.health_check_interval
  failure_threshold = var.health_check_failure_threshold
  enable_sni        = true
  regions           = var.health_check_regions
  tags              = merge(var.tags, { Name = "${var.name_prefix}-${local.regions[each.value[0]].name}${replace(each.value[1], "/", "-")}" })
}

# A region is healthy when its gateway and every listed service answer ready through it.
resource "aws_route53_health_check" "region" {
  for_each = local.regions

  type                   = "CALCULATED"
  child_health_threshold = 1 + length(var.health_check_service_paths)
  child_healthchecks = concat(
    [aws_route53_health_check.gateway[each.key].id],
    [for key, check in aws_route53_health_check.service : check.id if local.service_checks[key][0] == each.key],
  )
  tags = merge(var.tags, { Name = "${var.name_prefix}-${each.value.name}" })
}

# ---- Route 53: names ----

# <region>.<origin>: that region's ALB.
resource "aws_route53_record" "regional" {
  for_each = local.regions

  zone_id = var.zone_id
  name    = each.value.fqdn
  type    = "A"

  alias {
    name                   = each.value.alb.dns_name
    zone_id                = each.value.alb.zone_id
    evaluate_target_health = true
  }
}

# Single region (dev): <origin> is simply the primary region's name.
resource "aws_route53_record" "origin_single" {
  count = local.dr_enabled ? 0 : 1

  zone_id = var.zone_id
  name    = local.origin_fqdn
  type    = "A"

  alias {
    name                   = aws_route53_record.regional["primary"].fqdn
    zone_id                = var.zone_id
    evaluate_target_health = true
  }
}

# Active/passive (default with a DR region): <origin> answers the primary region while its calculated
# check is healthy, the DR region otherwise.
resource "aws_route53_record" "origin_failover" {
  for_each = { for key, region in local.regions : key => region if local.dr_enabled && !var.latency_routing_enabled }

  zone_id         = var.zone_id
  name            = local.origin_fqdn
  type            = "A"
  set_identifier  = "${each.value.name}-${each.key}"
  health_check_id = aws_route53_health_check.region[each.key].id

  failover_routing_policy {
    type = each.key == "primary" ? "PRIMARY" : "SECONDARY"
  }

  alias {
    name                   = aws_route53_record.regional[each.key].fqdn
    zone_id                = var.zone_id
    evaluate_target_health = true
  }
}

# Active/active: <home>.failover.<origin> is a failover pair per home region (home PRIMARY, the other
# SECONDARY), and <origin> is latency-based over those pairs: each edge location gets the nearest region,
# or the other one when the nearest is unhealthy.
resource "aws_route53_record" "failover_pair" {
  for_each = local.latency_pairs

  zone_id         = var.zone_id
  name            = "${local.regions[each.value[0]].name}.failover.${local.origin_fqdn}"
  type            = "A"
  set_identifier  = "${local.regions[each.value[0]].name}-to-${local.regions[each.value[1]].name}"
  health_check_id = aws_route53_health_check.region[each.value[1]].id

  failover_routing_policy {
    type = each.value[0] == each.value[1] ? "PRIMARY" : "SECONDARY"
  }

  alias {
    name                   = aws_route53_record.regional[each.value[1]].fqdn
    zone_id                = var.zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "origin_latency" {
  for_each = { for key, region in local.regions : key => region if local.dr_enabled && var.latency_routing_enabled }

  zone_id        = var.zone_id
  name           = local.origin_fqdn
  type           = "A"
  set_identifier = "${each.value.name}-latency"

  latency_routing_policy {
    region = each.value.name
  }

  alias {
    name                   = "${each.value.name}.failover.${local.origin_fqdn}"
    zone_id                = var.zone_id
    evaluate_target_health = true
  }

  depends_on = [aws_route53_record.failover_pair]
}

# The public names: CloudFront (IPv4 and IPv6).
resource "aws_route53_record" "public" {
  for_each = local.public_records

  zone_id = var.zone_id
  name    = each.value[0]
  type    = each.value[1]

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}
