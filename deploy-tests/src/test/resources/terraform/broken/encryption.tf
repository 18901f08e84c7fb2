# ENCRYPTION: Redis reachable in clear text.
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "cache"
  description                = "caches"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = false
}
