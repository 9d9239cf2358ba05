variable "bucket_name" {
  description = "Globally unique name of the photo bucket."
  type        = string
}

variable "web_origin" {
  description = "Origin of the web UI (https://host) that may call the bucket from the browser (presigned uploads and downloads)."
  type        = string
}

variable "enable_versioning" {
  description = "Keep earlier versions of overwritten or deleted objects (costs storage)."
  type        = bool
}

variable "force_destroy" {
  description = "Let terraform destroy delete the bucket with all photos (and versions) in it."
  type        = bool
}
