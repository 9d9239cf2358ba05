variable "name" {
  description = "Service name: the container, the Cloud Map name (<name>.<namespace>) and the log stream prefix."
  type        = string
}

variable "cluster_id" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "cluster_name" {
  description = "Name of the ECS cluster (part of the autoscaling resource id)."
  type        = string
}

variable "image" {
  description = "Full image reference, repository URL and tag."
  type        = string
}

variable "cpu" {
  description = "Fargate task CPU units (1024 = one vCPU)."
  type        = number
}

variable "memory" {
  description = "Fargate task memory in MiB; must be a valid pair with cpu."
  type        = number
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64; the images must be built for it."
  type        = string
}

variable "min_count" {
  description = "Fewest running tasks; also the count the service starts with."
  type        = number
}

variable "max_count" {
  description = "Most running tasks; above min_count, CPU target tracking scales between the two."
  type        = number
}

variable "cpu_target_percent" {
  description = "Average CPU utilisation that target tracking keeps the service at."
  type        = number
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the tasks."
  type        = list(string)
}

variable "execution_role_arn" {
  description = "Role ECS uses to pull the image, write logs and read secrets and parameters."
  type        = string
}

variable "task_role_arn" {
  description = "Role the application code runs as; one per service, least privilege."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.task_role_arn) > 0
    error_message = "Every service needs its own task role."
  }
}

variable "environment" {
  description = "Plain environment variables (ASP.NET Core style Section__Key)."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables read at start from Secrets Manager or SSM: name => ARN (optionally with :json-key::)."
  type        = map(string)
  default     = {}
}

variable "log_group_prefix" {
  description = "The log group is <log_group_prefix>/<name>."
  type        = string
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the service's logs."
  type        = number
}

variable "namespace_id" {
  description = "Cloud Map namespace the service registers in."
  type        = string
}

variable "container_port" {
  description = "Port of the HTTP server and the health endpoints."
  type        = number
}

variable "target_group_arn" {
  description = "ALB target group to register the tasks in; null for services the load balancer does not reach."
  type        = string
  default     = null
}

variable "health_check_command" {
  description = "Container health check; the image must contain the tool it runs."
  type        = list(string)
}

variable "otel_collector_image" {
  description = "AWS Distro for OpenTelemetry collector image of the task's telemetry sidecar."
  type        = string
}
