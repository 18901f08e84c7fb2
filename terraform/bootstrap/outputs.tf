output "state_bucket" {
  description = "Name of the state bucket (backend.hcl: bucket)."
  value       = aws_s3_bucket.state.id
}

output "state_region" {
  description = "Region of the state bucket (backend.hcl: region)."
  value       = var.region
}

output "state_kms_key_arn" {
  description = "KMS key the state is encrypted with (backend.hcl: kms_key_id, optional)."
  value       = aws_kms_key.state.arn
}

output "backend_hcl" {
  description = "Contents of envs/<env>/backend.hcl for this account."
  value       = "bucket = \"${aws_s3_bucket.state.id}\"\nregion = \"${var.region}\"\n"
}
