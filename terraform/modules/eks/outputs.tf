output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the Kubernetes API."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane and the nodes."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (for further IRSA roles)."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "kms_key_arn" {
  description = "KMS key encrypting the cluster's Secrets and control plane logs."
  value       = aws_kms_key.cluster.arn
}

output "node_role_arn" {
  description = "IAM role of the application nodes."
  value       = aws_iam_role.nodes.arn
}

output "autoscaling_group_name" {
  description = "Auto Scaling group of the application nodes."
  value       = aws_autoscaling_group.apps.name
}

output "autoscaling_group_arn" {
  description = "ARN of the application nodes' Auto Scaling group."
  value       = aws_autoscaling_group.apps.arn
}

output "node_termination_queue_url" {
  description = "SQS queue Node Termination Handler reads (queueURL in its Helm values)."
  value       = aws_sqs_queue.node_termination.id
}

output "alb_arn" {
  description = "ARN of the internet-facing load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (CloudWatch dimension)."
  value       = aws_lb.this.arn_suffix
}

output "alb_dns_name" {
  description = "DNS name of the load balancer: CloudFront's origin and the Route 53 alias target."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the load balancer, for Route 53 alias records."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "Target group of the ingress NodePort."
  value       = aws_lb_target_group.ingress.arn
}

output "alb_access_logs_bucket" {
  description = "Bucket of the load balancer's access logs."
  value       = module.alb_logs_bucket.id
}

output "irsa_role_arns" {
  description = "IRSA role ARNs by name (mongodb-backup, cluster-autoscaler, aws-load-balancer-controller, external-secrets, node-termination-handler, ebs-csi-driver): the eks.amazonaws.com/role-arn annotations."
  value       = { for name, role in aws_iam_role.irsa : name => role.arn }
}

output "kubeconfig_command" {
  description = "Command that writes the kubeconfig entry of the cluster."
  value       = "aws eks update-kubeconfig --region ${local.region} --name ${aws_eks_cluster.this.name}"
}

output "efs_file_system_id" {
  description = "EFS file system of the ReadWriteMany StorageClass rwx (parameters.fileSystemId)."
  value       = aws_efs_file_system.shared.id
}
