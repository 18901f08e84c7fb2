# Every AWS provider block tags everything it creates. The Auto Scaling groups, whose tags default_tags does not
# reach, get the same set through the modules' tags input (local.tags).

# The primary region.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "city-explorer"
      Environment = "prod"
      ManagedBy   = "terraform"
      Owner       = var.owner
      CostCenter  = var.cost_center
    }
  }
}

# The disaster-recovery region: a warm standby (network, EKS at its minimum, data store replicas).
provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = {
      Project     = "city-explorer"
      Environment = "prod"
      ManagedBy   = "terraform"
      Owner       = var.owner
      CostCenter  = var.cost_center
    }
  }
}

# CloudFront's certificate and WAF web ACL exist only in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Project     = "city-explorer"
      Environment = "prod"
      ManagedBy   = "terraform"
      Owner       = var.owner
      CostCenter  = var.cost_center
    }
  }
}

# MongoDB Atlas: no provider block needed. The API key pair comes from the environment
# (MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_KEY), never from a file.
