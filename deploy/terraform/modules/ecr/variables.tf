variable "name_prefix" {
  description = "Prefix of the repository names: <name_prefix>/<image>."
  type        = string
}

variable "image_names" {
  description = "One repository per image."
  type        = set(string)
}

variable "keep_tagged_images" {
  description = "How many tagged images each repository keeps; older ones expire."
  type        = number
}

variable "force_delete" {
  description = "Let terraform destroy delete repositories that still hold images."
  type        = bool
}
