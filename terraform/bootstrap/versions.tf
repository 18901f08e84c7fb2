# The state bucket of every environment. This configuration keeps its own state locally (terraform.tfstate in
# this directory, not committed): it runs once per account, before any backend exists. Keep the local state file
# somewhere safe (or migrate it into the bucket afterwards: README.md).
terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}
