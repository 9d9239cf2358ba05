locals {
  uploads = "${var.bucket_arn}/private/*/uploads/*"
  resized = "${var.bucket_arn}/private/*/resized/*"

  # Services missing here (notification, gateway, web) call no AWS API of their own: their role
  # has only the telemetry policy below; their stdout logs go through the execution role.
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

# Every task's collector sidecar runs as the task role: X-Ray for its traces, its own telemetry
# log group (created by modules/ecs_service) for its metrics and logs.
resource "aws_iam_role_policy" "telemetry" {
  for_each = var.service_names

  name   = "${each.key}-telemetry"
  role   = aws_iam_role.task[each.key].id
  policy = data.aws_iam_policy_document.telemetry[each.key].json
}

data "aws_iam_policy_document" "telemetry" {
  for_each = var.service_names

  statement {
    sid = "Traces"
    # PutTraceSegments supports no resource-level permissions: "*" is the only resource AWS accepts.
    actions   = ["xray:PutTraceSegments"]
    resources = ["*"]
  }

  statement {
    sid       = "MetricsAndLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${var.log_group_prefix}/${each.key}/telemetry:*"]
  }
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

  # Once per table, in the background after an upgrade: counting the photos stored before PhotoActivity existed.
  statement {
    sid       = "CountExistingPhotos"
    actions   = ["dynamodb:Scan"]
    resources = [var.photos_table_arn]
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
