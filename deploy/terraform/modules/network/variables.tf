variable "name_prefix" {
  description = "Prefix for resource names, e.g. imagerecognition-dev."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into two public and two private subnets."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by both AZs (cheaper) instead of one per AZ (survives an AZ outage)."
  type        = bool
}
