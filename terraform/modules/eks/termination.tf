# Draining before the Auto Scaling group terminates a node.
#
# cluster-autoscaler drains the nodes it removes itself; everything else the group terminates (instance refresh,
# a node the load balancer found unhealthy, AZ rebalancing, EC2 scheduled maintenance) would otherwise kill the
# pods without honouring their PodDisruptionBudgets. The group's termination lifecycle hook (nodes.tf) holds the
# instance in Terminating:Wait; EventBridge puts the event on this queue; AWS Node Termination Handler (queue mode,
# installed by Helm with the IRSA role in irsa.tf) cordons and drains the node, then completes the lifecycle action.

resource "aws_sqs_queue" "node_termination" {
  name                      = "${var.name}-node-termination"
  message_retention_seconds = 300
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

data "aws_iam_policy_document" "node_termination_queue" {
  statement {
    sid       = "EventBridgeAndSqs"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.node_termination.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "sqs.amazonaws.com"]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.node_termination.arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "node_termination" {
  queue_url = aws_sqs_queue.node_termination.id
  policy    = data.aws_iam_policy_document.node_termination_queue.json
}

locals {
  node_termination_events = {
    asg-termination = jsonencode({
      source        = ["aws.autoscaling"]
      "detail-type" = ["EC2 Instance-terminate Lifecycle Action"]
      detail        = { AutoScalingGroupName = [local.apps_asg_name] }
    })
    instance-state-change = jsonencode({
      source        = ["aws.ec2"]
      "detail-type" = ["EC2 Instance State-change Notification"]
    })
    scheduled-change = jsonencode({
      source        = ["aws.health"]
      "detail-type" = ["AWS Health Event"]
      detail        = { service = ["EC2"], eventTypeCategory = ["scheduledChange"] }
    })
  }
}

resource "aws_cloudwatch_event_rule" "node_termination" {
  for_each = local.node_termination_events

  name          = "${var.name}-nth-${each.key}"
  description   = "Node Termination Handler: ${each.key}"
  event_pattern = each.value

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "node_termination" {
  for_each = local.node_termination_events

  rule = aws_cloudwatch_event_rule.node_termination[each.key].name
  arn  = aws_sqs_queue.node_termination.arn
}
