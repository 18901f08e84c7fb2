output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC (the ingress controller trusts X-Forwarded-For from it)."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "The availability zones the subnets are in, in subnet order."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "Public subnets, one per zone: the load balancer and the NAT gateways."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone: the EKS nodes and pods."
  value       = aws_subnet.private[*].id
}

output "data_subnet_ids" {
  description = "Isolated subnets, one per zone, without any route out of the VPC: ElastiCache, MSK, the Atlas PrivateLink endpoint."
  value       = aws_subnet.data[*].id
}

output "private_route_table_ids" {
  description = "Route tables of the private subnets (one per zone)."
  value       = aws_route_table.private[*].id
}

output "data_route_table_id" {
  description = "Route table of the data subnets."
  value       = aws_route_table.data.id
}

output "nat_public_ips" {
  description = "Public addresses the nodes' outbound traffic leaves from (allow-list them at MongoDB Atlas if PrivateLink is not used)."
  value       = aws_eip.nat[*].public_ip
}

output "alb_security_group_id" {
  description = "Security group of the internet-facing load balancer."
  value       = aws_security_group.alb.id
}

output "node_security_group_id" {
  description = "Security group of the EKS nodes and pods: what the data stores admit."
  value       = aws_security_group.nodes.id
}

output "data_security_group_id" {
  description = "Security group for data tier endpoints that bring none of their own (admits the nodes only)."
  value       = aws_security_group.data.id
}

output "flow_log_group_name" {
  description = "CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}

output "data_subnet_cidrs" {
  description = "Ranges of the data subnets: the chart's networkPolicy.extraEgress must allow them (the managed data stores' endpoints live there)."
  value       = aws_subnet.data[*].cidr_block
}
