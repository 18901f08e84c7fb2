# SECRETS: a database password written into the configuration.
variable "db_password" {
  type      = string
  sensitive = true
  default   = "correct-horse-battery"
}
