variable "name_prefix" {
  description = "Name of the cluster and prefix of its security group."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks and of the Cloud Map namespace."
  type        = string
}

variable "service_discovery_namespace" {
  description = "Private DNS namespace the services find each other in, e.g. imagerecognition.internal."
  type        = string
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer; it may reach the tasks on the container port."
  type        = string
}

variable "container_port" {
  description = "Port every container listens on (HTTP and health endpoints)."
  type        = number
}
