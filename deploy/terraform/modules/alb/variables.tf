variable "name_prefix" {
  description = "Prefix of the load balancer, target group and security group names."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string
}

variable "vpc_cidr" {
  description = "The load balancer may only send to targets inside this CIDR."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets, one per AZ."
  type        = list(string)
}

variable "ingress_cidrs" {
  description = "Client CIDRs allowed to reach ports 80 and 443."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener (same region as the load balancer)."
  type        = string
}

variable "idle_timeout_seconds" {
  description = "Idle timeout; long enough for SignalR and Blazor Server WebSockets between keep-alives."
  type        = number
}

variable "container_port" {
  description = "Port the target containers listen on."
  type        = number
}

variable "targets" {
  description = "Services the load balancer forwards to, by name: request paths (an empty list: every request no other target takes), health check path, and whether a browser sticks to one task."
  type = map(object({
    path_patterns     = list(string)
    health_check_path = string
    sticky            = bool
  }))

  validation {
    condition     = length([for target in values(var.targets) : target if length(target.path_patterns) == 0]) == 1
    error_message = "Exactly one target must have no path_patterns: it takes every request the others do not."
  }
}

variable "domain_name" {
  description = "Host name users browse to; with route53_zone_id an alias record is created for it."
  type        = string
}

variable "route53_zone_id" {
  description = "Hosted zone of domain_name; null to manage DNS yourself."
  type        = string
  default     = null
}
