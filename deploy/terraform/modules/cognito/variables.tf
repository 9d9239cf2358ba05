variable "name_prefix" {
  description = "Prefix of the user pool, client and secret names."
  type        = string
}

variable "domain_prefix" {
  description = "Prefix of the hosted UI domain <prefix>.auth.<region>.amazoncognito.com (unique in the region)."
  type        = string
}

variable "callback_urls" {
  description = "Where Cognito may send the authorization code after sign-in."
  type        = list(string)
}

variable "logout_urls" {
  description = "Where Cognito may send the browser after sign-out."
  type        = list(string)
}

variable "allow_self_sign_up" {
  description = "Let visitors create their own account on the hosted UI; false: only administrators create users."
  type        = bool
}

variable "deletion_protection" {
  description = "Refuse to delete the user pool (terraform destroy fails until it is turned off)."
  type        = bool
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once)."
  type        = number
}
