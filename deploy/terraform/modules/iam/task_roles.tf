locals {
  uploads = "${var.bucket_arn}/private/*/uploads/*"
  resized = "${var.bucket_arn}/private/*/resized/*"

  # Services missing here (notification, gateway, web) call no AWS API: their role has no
  # policy at all; their logs go through the execution role.
  task_policies = {
    albums      = data.aws_iam_policy_document.albums.json
    processing  = data.aws_iam_policy_document.processing.json
    metadata    = data.aws_iam_policy_document.metadata.json
    recognition = data.aws_iam_policy_document.recognition.json
    thumbnail   = data.aws_iam_policy_document.thumbnail.json
  }
}

resource "aws_iam_role" "task" {
  for_each = var.service_names

  name               = "${var.name_prefix}-${each.key}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

resource "aws_iam_role_policy" "task" {
  for_each = local.task_policies

  name   = "${each.key}-least-privilege"
  role   = aws_iam_role.task[each.key].id
  policy = each.value
}

# Albums is the only writer of albums, photos and labels, and stores the originals.
data "aws_iam_policy_document" "albums" {
  statement {
    sid = "OwnTables"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = concat(var.albums_table_arns, [for arn in var.albums_table_arns : "${arn}/index/*"])
  }

  statement {
    sid       = "UserObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.bucket_arn}/private/*"]
  }
}

# Processing keeps the saga instances; the sweeps query the sparse UnfinishedSagas index (no Scan).
data "aws_iam_policy_document" "processing" {
  statement {
    sid = "SagaTable"
    actions = [
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [var.saga_table_arn, "${var.saga_table_arn}/index/*"]
  }
}

data "aws_iam_policy_document" "metadata" {
  statement {
    sid       = "ReadOriginals"
    actions   = ["s3:GetObject"]
    resources = [local.uploads]
  }
}

data "aws_iam_policy_document" "recognition" {
  statement {
    sid = "DetectLabels"
    # DetectLabels supports no resource-level permissions: "*" is the only resource AWS accepts.
    actions   = ["rekognition:DetectLabels"]
    resources = ["*"]
  }

  # Rekognition reads the S3 object with the caller's permissions.
  statement {
    sid       = "ReadOriginals"
    actions   = ["s3:GetObject"]
    resources = [local.uploads]
  }
}

data "aws_iam_policy_document" "thumbnail" {
  statement {
    sid       = "ReadOriginals"
    actions   = ["s3:GetObject"]
    resources = [local.uploads]
  }

  statement {
    sid       = "WriteThumbnails"
    actions   = ["s3:PutObject"]
    resources = [local.resized]
  }
}
