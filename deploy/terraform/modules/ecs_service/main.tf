data "aws_region" "current" {}

locals {
  log_group_name = "${var.log_group_prefix}/${var.name}"
  # OTLP logs and CloudWatch metrics (embedded metric format) of the service, apart from its stdout.
  telemetry_log_group_name = "${local.log_group_name}/telemetry"
  autoscaling              = var.max_count > var.min_count
  # Every service names itself in traces and logs the same way, and sends them to the collector
  # beside it: containers of a Fargate task share localhost.
  environment = merge({
    OTEL_SERVICE_NAME           = var.name
    OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:4317"
    OTEL_EXPORTER_OTLP_PROTOCOL = "grpc"
  }, var.environment)

  # The ADOT collector's pipelines: OTLP in; traces to X-Ray, metrics to CloudWatch through the
  # embedded metric format, logs to CloudWatch Logs. It runs as the task role (see modules/iam).
  collector_config = yamlencode({
    receivers = { otlp = { protocols = { grpc = { endpoint = "localhost:4317" } } } }
    processors = {
      batch             = {}
      resourcedetection = { detectors = ["env", "ecs"] }
    }
    exporters = {
      awsxray = {
        region = data.aws_region.current.name
        # Searchable in X-Ray as annotations: annotation.photo_id = "<photo id>" finds a photo's trace.
        indexed_attributes = ["photo.id", "imagerecognition.service", "workflow.step"]
      }
      awsemf = {
        region                  = data.aws_region.current.name
        namespace               = "ImageRecognition"
        log_group_name          = local.telemetry_log_group_name
        log_stream_name         = "metrics/{TaskId}"
        dimension_rollup_option = "NoDimensionRollup"
      }
      awscloudwatchlogs = {
        region          = data.aws_region.current.name
        log_group_name  = local.telemetry_log_group_name
        log_stream_name = "logs"
      }
    }
    service = {
      pipelines = {
        traces  = { receivers = ["otlp"], processors = ["resourcedetection", "batch"], exporters = ["awsxray"] }
        metrics = { receivers = ["otlp"], processors = ["resourcedetection", "batch"], exporters = ["awsemf"] }
        logs    = { receivers = ["otlp"], processors = ["resourcedetection", "batch"], exporters = ["awscloudwatchlogs"] }
      }
    }
  })
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
}

# Created here, with a retention, so the collector needs no right to create log groups.
resource "aws_cloudwatch_log_group" "telemetry" {
  name              = local.telemetry_log_group_name
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.cluster_name}-${var.name}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([
    {
      name      = var.name
      image     = var.image
      essential = true
      portMappings = [
        { name = "http", containerPort = var.container_port, protocol = "tcp", appProtocol = "http" }
      ]
      environment = [for key in sort(keys(local.environment)) : { name = key, value = local.environment[key] }]
      secrets     = [for key in sort(keys(var.secrets)) : { name = key, valueFrom = var.secrets[key] }]
      healthCheck = {
        command     = var.health_check_command
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = var.name
        }
      }
      # Give MassTransit consumers time to finish the message in hand before SIGKILL.
      stopTimeout = 60
      dependsOn   = [{ containerName = "otel-collector", condition = "START" }]
    },
    {
      name      = "otel-collector"
      image     = var.otel_collector_image
      essential = false # the service keeps answering if its telemetry stops
      # ADOT reads its configuration from this variable.
      environment = [{ name = "AOT_CONFIG_CONTENT", value = local.collector_config }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = "otel-collector"
        }
      }
    }
  ])
}

resource "aws_service_discovery_service" "this" {
  name = var.name

  dns_config {
    namespace_id   = var.namespace_id
    routing_policy = "MULTIVALUE"

    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  # ECS reports task health to Cloud Map, so stopped or unhealthy tasks leave DNS. The newest
  # 5.x providers warn that failure_threshold is deprecated (AWS fixes it at 1); setting it to 1
  # is what every 5.x release accepts without a perpetual diff.
  health_check_custom_config {
    failure_threshold = 1
  }
}

resource "aws_ecs_service" "this" {
  name                    = var.name
  cluster                 = var.cluster_id
  task_definition         = aws_ecs_task_definition.this.arn
  desired_count           = var.min_count
  launch_type             = "FARGATE"
  platform_version        = "LATEST"
  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.target_group_arn == null ? null : 60

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = false
  }

  service_registries {
    registry_arn = aws_service_discovery_service.this.arn
  }

  dynamic "load_balancer" {
    for_each = var.target_group_arn == null ? [] : [var.target_group_arn]

    content {
      target_group_arn = load_balancer.value
      container_name   = var.name
      container_port   = var.container_port
    }
  }

  lifecycle {
    # Application Auto Scaling owns the running count after creation; min_count pins it when
    # min_count == max_count, so Terraform must not fight it.
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  count = local.autoscaling ? 1 : 0

  name               = "${var.name}-cpu-target"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
