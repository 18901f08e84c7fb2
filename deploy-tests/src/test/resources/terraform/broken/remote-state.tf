# REMOTE_STATE: state on the applier's disk (no locking, lost with the laptop).
terraform {
  backend "local" {}
}
