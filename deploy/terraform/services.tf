# One ECS service per application container; identity is not deployed on AWS (Amazon Cognito
# replaces it). The map says only what differs between the services; the module call below
# gives each one its size, its own task role, image repository, log group, Cloud Map name and
# CPU target tracking. The map holds literals only, so ECR and IAM (which iterate over its
# keys) do not wait for the broker or the user pool.
#
# Per service:
#   secret_groups  keys of local.secret_groups (configuration.tf) the service reads at start
#   environment    settings of its own (optional)
#   calls          environment variable => service reached at http://<service>.<namespace>:8080 (optional)
#   load_balancer  the ALB target (optional): request paths (none: every request no other target
#                  takes), health check path, whether a browser sticks to one task

locals {
  services = {
    albums = {
      secret_groups = ["messaging", "blob_store", "token_validation"]
    }

    # One task by default: SignalR connections stay on the task that negotiated them, and status
    # events fan out to several tasks only through the Redis backplane (enable_redis).
    notification = {
      secret_groups = ["messaging", "token_validation", "redis"]
    }

    # /api/* and /hubs/* from the ALB; routes to albums and notification by their Cloud Map names.
    gateway = {
      secret_groups = ["token_validation"]
      calls = {
        # The destination names are the gateway's appsettings.json ones: a new name would add a second destination.
        ReverseProxy__Clusters__albums__Destinations__albums__Address             = "albums"
        ReverseProxy__Clusters__notification__Destinations__notification__Address = "notification"
      }
      load_balancer = { path_patterns = ["/api/*", "/hubs/*"], health_check_path = "/health/ready", sticky = false }
    }

    # Everything else from the ALB. One task by default: circuits live in memory (the ALB keeps a
    # browser on its task) and, without Redis, so do the data protection keys of the sign-in cookie.
    web = {
      secret_groups = ["redis", "sign_in"]
      # Cognito's app client allows these scopes; its access tokens are accepted by the APIs by client_id.
      environment   = { Web__Scopes = "openid profile email" }
      calls         = { Web__ApiBaseUrl = "gateway" }
      load_balancer = { path_patterns = [], health_check_path = "/health/ready", sticky = true }
    }

    # The workers consume commands from RabbitMQ and answer with events.
    processing = {
      secret_groups = ["messaging"]
    }

    metadata = {
      secret_groups = ["messaging", "blob_store"]
    }

    # Amazon Rekognition DetectLabels with the limits of the reference sample.
    recognition = {
      secret_groups = ["messaging", "blob_store"]
      environment = {
        Recognition__Provider      = "Rekognition"
        Recognition__MaxLabels     = "10"
        Recognition__MinConfidence = "60"
      }
    }

    thumbnail = {
      secret_groups = ["messaging", "blob_store"]
    }
  }

  service_names = keys(local.services)

  load_balancer_targets = {
    for name, service in local.services : name => service.load_balancer if lookup(service, "load_balancer", null) != null
  }
}

module "service" {
  source   = "./modules/ecs_service"
  for_each = local.services

  name          = each.key
  image         = "${module.ecr.repository_urls[each.key]}:${var.image_tag}"
  task_role_arn = module.iam.task_role_arns[each.key]
  cpu           = var.service_sizes[each.key].cpu
  memory        = var.service_sizes[each.key].memory
  min_count     = var.service_sizes[each.key].min_count
  max_count     = var.service_sizes[each.key].max_count
  environment = merge(
    local.common_environment,
    contains(keys(local.load_balancer_targets), each.key) ? local.behind_load_balancer : {},
    lookup(each.value, "environment", {}),
    { for key, service in lookup(each.value, "calls", {}) : key => "http://${service}.${local.namespace}:${local.container_port}" },
  )
  secrets          = merge([for group in each.value.secret_groups : local.secret_groups[group]]...)
  target_group_arn = lookup(module.alb.target_group_arns, each.key, null)

  cluster_id           = module.cluster.cluster_id
  cluster_name         = module.cluster.cluster_name
  namespace_id         = module.cluster.namespace_id
  subnet_ids           = module.network.private_subnet_ids
  security_group_ids   = [module.cluster.tasks_security_group_id]
  execution_role_arn   = module.iam.execution_role_arn
  cpu_architecture     = var.cpu_architecture
  cpu_target_percent   = var.autoscaling_cpu_target_percent
  container_port       = local.container_port
  health_check_command = var.container_health_check_command
  log_group_prefix     = local.log_group_prefix
  log_retention_days   = var.log_retention_days
  otel_collector_image = var.otel_collector_image
}
