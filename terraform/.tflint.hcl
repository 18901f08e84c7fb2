# tflint configuration for every configuration under terraform/ (CI: .github/workflows/terraform.yml runs
# tflint --recursive from this directory).

config {
  # Check module calls too (the envs call ../../modules/*).
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.40.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}

# Every variable and output documented and typed (also required by the project's own rules).
rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_typed_variables" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}
