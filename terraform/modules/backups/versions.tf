terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
      # aws: the primary region; aws.dr: the disaster-recovery region (replica bucket, copy vault).
      # Pass the primary provider as aws.dr too when replication_enabled is false (dev).
      configuration_aliases = [aws.dr]
    }
  }
}
