terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
      # aws: the primary region (logs bucket, Route 53, health checks); aws.us_east_1: CloudFront's
      # certificate and the CLOUDFRONT-scoped WAF web ACL, which AWS only accepts in us-east-1.
      configuration_aliases = [aws.us_east_1]
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
