# TAGS: a provider for a second region without the default tags (its resources would be untagged).
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}
