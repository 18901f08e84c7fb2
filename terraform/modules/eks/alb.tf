# The internet-facing Application Load Balancer in front of the nodes.
#
#   client / CloudFront --HTTPS (TLS 1.2+)--> ALB :443 --HTTPS--> node :ingress_node_port (ingress-nginx NodePort)
#                                                 --> gateway-service --> the services
#   client --HTTP--> ALB :80 --> 301 to HTTPS
#
# The target group is attached to the application nodes' Auto Scaling group (target_group_arns), so nodes are
# registered and deregistered by the group itself; ingress-nginx's Service is a NodePort with
# externalTrafficPolicy Cluster, so every node answers on the port whether or not it runs an ingress pod.

data "aws_elb_service_account" "this" {}

# ---------------------------------------------------------------------------------------------------------------------
# Access logs. ALB access logs support only SSE-S3 (AES256) on the target bucket, not SSE-KMS: this is the one bucket
# of the platform that is encrypted with S3-managed keys, and it holds request metadata only (no bodies).
# ---------------------------------------------------------------------------------------------------------------------

module "alb_logs_bucket" {
  source = "../s3-bucket"

  bucket_prefix    = "${var.name}-alb-" # at most 37 characters
  sse_algorithm    = "AES256"
  policy_documents = [data.aws_iam_policy_document.alb_logs.json]
  lifecycle_rules = [{
    id                                     = "expire-access-logs"
    expiration_days                        = var.access_logs_retention_days
    noncurrent_version_expiration_days     = 7
    abort_incomplete_multipart_upload_days = 1
  }]
  force_destroy = var.force_destroy_buckets
  tags          = var.tags
}

data "aws_iam_policy_document" "alb_logs" {
  # Regions opened before August 2022 (eu-west-1, eu-central-1, ...) deliver as the regional ELB account,
  # newer ones as the log delivery service principal: both are allowed.
  statement {
    sid       = "ElbLogDeliveryAccount"
    actions   = ["s3:PutObject"]
    resources = ["${module.alb_logs_bucket.arn}/alb/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
  }

  statement {
    sid       = "ElbLogDeliveryService"
    actions   = ["s3:PutObject"]
    resources = ["${module.alb_logs_bucket.arn}/alb/AWSLogs/${local.account_id}/*"]

    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Load balancer, target group, listeners
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_lb" "this" {
  name               = var.name
  internal           = false
  load_balancer_type = "application"
  security_groups    = [var.alb_security_group_id]
  subnets            = var.public_subnet_ids

  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"
  enable_http2               = true
  idle_timeout               = var.alb_idle_timeout
  enable_deletion_protection = var.alb_deletion_protection

  access_logs {
    bucket  = module.alb_logs_bucket.id
    prefix  = "alb"
    enabled = true
  }

  tags = merge(var.tags, { Name = var.name })

  depends_on = [module.alb_logs_bucket]
}

# The ingress controller's HTTPS NodePort on every application node. ALB does not verify the target's
# certificate (ingress-nginx's default one will do); the hop is still encrypted.
#
# The health check goes through the ingress controller to the gateway's readiness, so a node is healthy only if
# the whole path works from it. Two things follow:
#   - Host header: the load balancer's health checks carry the target's address as Host, not the API name, so
#     the gateway's Ingress must match any host (install the chart with ingress.host="": the Ingress rule then
#     has no host). Client requests are filtered at the listener instead: CloudFront's origin header and
#     optionally the API names (below).
#   - A failure of every gateway pod makes every target unhealthy: the load balancer then fails open (it sends
#     traffic to all targets), and the Auto Scaling group replaces nodes at most 10 % at a time, launching first
#     (instance_maintenance_policy in nodes.tf). The gateway's readiness group is its own state only
#     (readinessState), so Redis or a service being down does not fail it.
resource "aws_lb_target_group" "ingress" {
  name_prefix          = "ing-"
  vpc_id               = var.vpc_id
  target_type          = "instance"
  port                 = var.ingress_node_port
  protocol             = "HTTPS"
  protocol_version     = "HTTP1"
  deregistration_delay = 30

  load_balancing_algorithm_type = "least_outstanding_requests"

  health_check {
    enabled             = true
    protocol            = "HTTPS"
    port                = "traffic-port"
    path                = "/actuator/health/readiness"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = "${var.name}-ingress" })

  lifecycle {
    create_before_destroy = true
  }
}

# Without restrictions the HTTPS listener forwards everything. With origin_verify_header_name set (CloudFront adds
# that header with a secret value, edge module), only requests carrying it are forwarded, so clients cannot bypass
# CloudFront and its WAF; the health endpoints stay open for the Route 53 health checks, which cannot send headers.
# allowed_host_headers further limits forwarding to the API names. Anything else gets 403.
locals {
  listener_restricted = length(var.allowed_host_headers) > 0 || var.origin_verify_header_name != null
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06" # TLS 1.3 and 1.2 only
  certificate_arn   = var.acm_certificate_arn

  default_action {
    type             = local.listener_restricted ? "fixed-response" : "forward"
    target_group_arn = local.listener_restricted ? null : aws_lb_target_group.ingress.arn

    dynamic "fixed_response" {
      for_each = local.listener_restricted ? [1] : []

      content {
        content_type = "text/plain"
        message_body = "Forbidden"
        status_code  = "403"
      }
    }
  }

  tags = var.tags
}

resource "aws_lb_listener_rule" "health" {
  count = var.origin_verify_header_name == null ? 0 : 1

  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress.arn
  }

  condition {
    path_pattern {
      values = ["/actuator/health/readiness", "/services/*/health/readiness"]
    }
  }

  tags = var.tags
}

resource "aws_lb_listener_rule" "api" {
  count = local.listener_restricted ? 1 : 0

  listener_arn = aws_lb_listener.https.arn
  priority     = 20

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingress.arn
  }

  dynamic "condition" {
    for_each = var.origin_verify_header_name == null ? [] : [var.origin_verify_header_name]

    content {
      http_header {
        http_header_name = condition.value
        values           = [var.origin_verify_header_value]
      }
    }
  }

  dynamic "condition" {
    for_each = length(var.allowed_host_headers) == 0 ? [] : [1]

    content {
      host_header {
        values = var.allowed_host_headers
      }
    }
  }

  tags = var.tags
}

# Plain HTTP only ever redirects.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}
