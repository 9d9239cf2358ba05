# ElastiCache auth tokens allow printable ASCII except @, " and /; letters and digits keep the
# token safe inside a StackExchange.Redis connection string as well.
resource "random_password" "auth_token" {
  length  = 64
  special = false
}

resource "aws_elasticache_subnet_group" "this" {
  name       = "${var.name_prefix}-redis"
  subnet_ids = var.subnet_ids
}

module "security_group" {
  source = "../client_security_group"

  name                      = "${var.name_prefix}-redis"
  description               = "ElastiCache Redis of ${var.name_prefix}"
  vpc_id                    = var.vpc_id
  client_security_group_ids = var.client_security_group_ids
  port                      = 6379
  rule_description          = "Redis over TLS from the services"
}

# SignalR backplane (several Notification tasks) and shared ASP.NET Core data protection keys.
resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = "${var.name_prefix}-redis"
  description                = "SignalR backplane of ${var.name_prefix}"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = var.node_type
  num_cache_clusters         = 1
  port                       = 6379
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [module.security_group.id]
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.auth_token.result
  apply_immediately          = true
}

resource "aws_secretsmanager_secret" "connection_string" {
  name_prefix             = "${var.name_prefix}/redis-"
  description             = "StackExchange.Redis connection string of ${var.name_prefix}"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "connection_string" {
  secret_id = aws_secretsmanager_secret.connection_string.id
  secret_string = join(",", [
    "${aws_elasticache_replication_group.this.primary_endpoint_address}:6379",
    "ssl=true",
    "password=${random_password.auth_token.result}",
    "abortConnect=false",
  ])
}
