locals {
  username = "imagerecognition"
}

# Amazon MQ refuses commas, colons and equal signs in passwords; letters and digits only also
# keep the value safe inside an AMQP URI.
resource "random_password" "broker" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret" "broker" {
  name_prefix             = "${var.name_prefix}/rabbitmq-"
  description             = "Amazon MQ for RabbitMQ credentials of ${var.name_prefix}"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "broker" {
  secret_id = aws_secretsmanager_secret.broker.id
  secret_string = jsonencode({
    username = local.username
    password = random_password.broker.result
  })
}

module "security_group" {
  source = "../client_security_group"

  name                      = "${var.name_prefix}-rabbitmq"
  description               = "Amazon MQ for RabbitMQ of ${var.name_prefix}"
  vpc_id                    = var.vpc_id
  client_security_group_ids = var.client_security_group_ids
  port                      = 5671
  rule_description          = "AMQP over TLS from the services"
}

resource "aws_mq_broker" "this" {
  broker_name                = "${var.name_prefix}-rabbitmq"
  engine_type                = "RabbitMQ"
  engine_version             = var.engine_version
  host_instance_type         = var.instance_type
  deployment_mode            = var.deployment_mode
  publicly_accessible        = false
  subnet_ids                 = var.deployment_mode == "SINGLE_INSTANCE" ? [var.subnet_ids[0]] : var.subnet_ids
  security_groups            = [module.security_group.id]
  auto_minor_version_upgrade = true
  apply_immediately          = false

  user {
    username = local.username
    password = random_password.broker.result
  }

  # Storage is encrypted at rest with an AWS-owned key, the default for RabbitMQ brokers.
  # RabbitMQ brokers have general logs only (no audit log).
  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "03:00"
    time_zone   = "UTC"
  }

  lifecycle {
    precondition {
      condition     = var.deployment_mode == "SINGLE_INSTANCE" || !startswith(var.instance_type, "mq.t3.")
      error_message = "CLUSTER_MULTI_AZ needs an mq.m5 (or larger) instance type; mq.t3.micro is single-instance only."
    }
  }
}
