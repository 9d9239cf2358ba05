# What runs in each ECS service: image, size, scaling, health check, logs.

variable "image_tag" {
  description = "Tag of every service image to deploy (the README pushes the git commit id)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a valid Docker tag."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the tasks and images: X86_64 or ARM64 (about 20% cheaper on Fargate)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "service_sizes" {
  description = "Fargate CPU units, memory (MiB) and task count range per service. Give every service; max_count above min_count turns on CPU target tracking."
  type = map(object({
    cpu       = number
    memory    = number
    min_count = number
    max_count = number
  }))
  default = {
    albums       = { cpu = 512, memory = 1024, min_count = 1, max_count = 4 }
    processing   = { cpu = 256, memory = 512, min_count = 1, max_count = 3 }
    metadata     = { cpu = 256, memory = 512, min_count = 1, max_count = 4 }
    recognition  = { cpu = 1024, memory = 2048, min_count = 1, max_count = 4 }
    thumbnail    = { cpu = 512, memory = 1024, min_count = 1, max_count = 4 }
    notification = { cpu = 256, memory = 512, min_count = 1, max_count = 1 }
    gateway      = { cpu = 256, memory = 512, min_count = 1, max_count = 4 }
    web          = { cpu = 512, memory = 1024, min_count = 1, max_count = 1 }
  }

  validation {
    condition = alltrue([
      for name in ["albums", "processing", "metadata", "recognition", "thumbnail", "notification", "gateway", "web"] :
      contains(keys(var.service_sizes), name)
    ])
    error_message = "service_sizes needs an entry for albums, processing, metadata, recognition, thumbnail, notification, gateway and web."
  }

  validation {
    # Fargate's valid CPU/memory pairs (Linux, up to 4 vCPU).
    condition = alltrue([
      for size in values(var.service_sizes) :
      contains([256, 512, 1024, 2048, 4096], size.cpu) &&
      size.memory >= lookup({ "256" = 512, "512" = 1024, "1024" = 2048, "2048" = 4096, "4096" = 8192 }, tostring(size.cpu), 0) &&
      size.memory <= lookup({ "256" = 2048, "512" = 4096, "1024" = 8192, "2048" = 16384, "4096" = 30720 }, tostring(size.cpu), 0) &&
      (size.memory == 512 || size.memory % 1024 == 0)
    ])
    error_message = "Each cpu/memory pair must be one Fargate accepts, e.g. 256/512, 512/1024, 1024/2048, 2048/4096."
  }

  validation {
    condition = alltrue([
      for size in values(var.service_sizes) : size.min_count >= 0 && size.max_count >= size.min_count && size.max_count <= 20
    ])
    error_message = "Each service needs 0 <= min_count <= max_count <= 20."
  }
}

variable "autoscaling_cpu_target_percent" {
  description = "Average CPU utilisation that target tracking keeps the scalable services at."
  type        = number
  default     = 60

  validation {
    condition     = var.autoscaling_cpu_target_percent >= 10 && var.autoscaling_cpu_target_percent <= 90
    error_message = "autoscaling_cpu_target_percent must be between 10 and 90."
  }
}

variable "container_health_check_command" {
  description = "Container health check run inside every image; the images must contain curl (or change the command)."
  type        = list(string)
  default     = ["CMD-SHELL", "curl -fsS http://localhost:8080/health/live || exit 1"]

  validation {
    condition     = length(var.container_health_check_command) >= 2 && contains(["CMD", "CMD-SHELL"], var.container_health_check_command[0])
    error_message = "container_health_check_command must start with CMD or CMD-SHELL followed by the command."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps each service's logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "otel_collector_image" {
  description = "AWS Distro for OpenTelemetry collector, the sidecar of every task that sends its traces to X-Ray and its metrics and logs to CloudWatch; pin a release."
  type        = string
  default     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"
}
