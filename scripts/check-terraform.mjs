// Offline checks of deploy/terraform, for machines where `terraform init/validate` cannot reach
// the registry: every file must parse, every reference must resolve, every ECS service must run
// with a task role of its own and log to a CloudWatch log group with a retention, every task has
// the OpenTelemetry collector sidecar that sends traces to X-Ray and metrics and logs to
// CloudWatch with a least-privilege policy, and IAM policies may use Resource "*" only for
// actions that accept nothing narrower.
//
// Usage: node scripts/check-terraform.mjs <terraform-dir> <path-to-@cdktf/hcl2json>
import { resolve } from 'node:path';
import { calledModule as calledModuleIn, deployedServices, has, listFiles, parseAll, stringsIn } from './terraform-model.mjs';

const [terraformDirArgument, hcl2jsonPath] = process.argv.slice(2);
const terraformDir = resolve(terraformDirArgument);
const calledModule = (caller, name, modules) => calledModuleIn(terraformDir, caller, name, modules);

// The containers of the distributed deployment; on AWS, Cognito replaces identity.
const expectedServices = ['albums', 'processing', 'metadata', 'recognition', 'thumbnail', 'notification', 'gateway', 'web'];
const servicesNotOnAws = ['identity'];
// Actions AWS authorizes only against Resource "*".
const actionsWithoutResourceScope = new Set(['ecr:GetAuthorizationToken', 'rekognition:DetectLabels', 'xray:PutTraceSegments']);
// The telemetry sidecar: its container name, and the exporter each signal must reach AWS through.
const collectorContainer = 'otel-collector';
const signalExporters = { traces: 'awsxray', metrics: 'awsemf', logs: 'awscloudwatchlogs' };

const failures = new Set();
const fail = (message) => failures.add(message);

// Every var./local./module./data./resource reference must name something declared.
function checkReferences(module, modules) {
  const where = module.dir;
  const text = stringsIn([module.resource, module.data, module.output, module.locals, module.module]).join('\n');
  for (const [, name] of text.matchAll(/(?<![\w.\-/])var\.([A-Za-z_][\w-]*)/g)) {
    if (!has(module.variable, name)) fail(`${where}: var.${name} is not declared`);
  }
  for (const [, name] of text.matchAll(/(?<![\w.\-/])local\.([A-Za-z_][\w-]*)/g)) {
    if (!has(module.locals, name)) fail(`${where}: local.${name} is not defined`);
  }
  for (const [, type, name] of text.matchAll(/(?<![\w.\-/])data\.([a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) {
    if (!has(module.data, type, name)) fail(`${where}: data.${type}.${name} is not declared`);
  }
  for (const [, type, name] of text.matchAll(/(?<![\w.\-/])((?:aws|random)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) {
    if (!has(module.resource, type, name)) fail(`${where}: ${type}.${name} is not declared`);
  }
  for (const [, name, output] of text.matchAll(/(?<![\w.\-/])module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g)) {
    if (!has(module.module, name)) { fail(`${where}: module.${name} is not declared`); continue; }
    const target = calledModule(module, name, modules);
    if (target && output && !has(target.output, output)) fail(`${where}: module.${name}.${output} is not an output of ${target.dir}`);
  }
}

// Module calls pass only declared variables and every variable without a default.
function checkModuleCalls(module, modules) {
  for (const [name, call] of Object.entries(module.module)) {
    const target = calledModule(module, name, modules);
    if (!target) { fail(`${module.dir}: module "${name}" has no source folder ${call.source}`); continue; }
    const metaArguments = new Set(['source', 'count', 'for_each', 'depends_on', 'providers', 'version']);
    for (const argument of Object.keys(call)) {
      if (!metaArguments.has(argument) && !has(target.variable, argument)) fail(`${module.dir}: module "${name}" sets ${argument}, which ${target.dir} does not declare`);
    }
    for (const [variable, body] of Object.entries(target.variable)) {
      if (!Object.hasOwn(body, 'default') && !Object.hasOwn(call, variable)) fail(`${module.dir}: module "${name}" misses required variable ${variable}`);
    }
  }
}

function checkDescriptions(module) {
  for (const kind of ['variable', 'output']) {
    for (const [name, body] of Object.entries(module[kind])) {
      if (!body.description) fail(`${module.dir}: ${kind} "${name}" has no description`);
    }
  }
}

function checkDeployedServices(deployed) {
  const names = deployed.map((entry) => entry.service);
  for (const service of expectedServices) if (!names.includes(service)) fail(`service ${service} is not deployed`);
  for (const service of servicesNotOnAws) if (names.includes(service)) fail(`service ${service} must not run on AWS (Cognito replaces it)`);
  // A missing role is reported where the module call is; only set roles can be shared.
  const roles = deployed.map((entry) => entry.taskRole).filter((role) => role !== undefined);
  for (const role of new Set(roles)) {
    const sharing = deployed.filter((entry) => entry.taskRole === role).map((entry) => entry.service);
    if (sharing.length > 1) fail(`services ${sharing.join(', ')} share the task role ${role}`);
  }
}

// The root module's map of services: the groups and services each entry names must exist.
function checkServiceMap(root) {
  const services = root?.locals.services;
  if (!services || typeof services !== 'object') { fail('.: local.services (the map of ECS services) is missing or not a literal map'); return; }
  const groups = root.locals.secret_groups ?? {};
  for (const [name, service] of Object.entries(services)) {
    for (const group of asList(service.secret_groups)) {
      if (!has(groups, group)) fail(`.: local.services.${name} reads secret group "${group}", which local.secret_groups lacks`);
    }
    for (const [variable, target] of Object.entries(service.calls ?? {})) {
      if (!has(services, target)) fail(`.: local.services.${name} sets ${variable} to "${target}", which is not a service of local.services`);
    }
  }
}

const asList = (value) => (value === undefined ? [] : [value].flat());

function checkWildcardResources(modules) {
  for (const module of modules.values()) {
    for (const [name, document] of Object.entries(module.data.aws_iam_policy_document ?? {})) {
      for (const statement of asList(document.statement)) {
        if (statement.effect === 'Deny' || !asList(statement.resources).includes('*')) continue;
        const broad = asList(statement.actions).filter((action) => !actionsWithoutResourceScope.has(action));
        if (broad.length > 0) fail(`${module.dir}: policy ${name} grants ${broad.join(', ')} on "*" although a narrower resource exists`);
      }
    }
  }
}

// Every module that runs ECS services gives each task the collector sidecar, points the app at it
// and routes traces to X-Ray, metrics and logs to CloudWatch through a log group it owns.
function checkTelemetrySidecar(modules) {
  for (const module of modules.values()) {
    for (const [name, taskDefinition] of Object.entries(module.resource.aws_ecs_task_definition ?? {})) {
      const where = `${module.dir}: aws_ecs_task_definition.${name}`;
      const containers = stringsIn(taskDefinition.container_definitions).join('\n');
      const collector = new RegExp(`name\\s*=\\s*"${collectorContainer}"[\\s\\S]*`).exec(containers)?.[0] ?? '';
      if (!collector) { fail(`${where}: has no "${collectorContainer}" sidecar container`); continue; }
      if (!/image\s*=\s*var\.otel_collector_image/.test(collector)) fail(`${where}: the ${collectorContainer} image is not var.otel_collector_image`);
      if (!/essential\s*=\s*false/.test(collector)) fail(`${where}: the ${collectorContainer} container must not be essential (telemetry must not stop the service)`);
      if (!/AOT_CONFIG_CONTENT/.test(collector)) fail(`${where}: the ${collectorContainer} container gets no AOT_CONFIG_CONTENT`);
      if (!new RegExp(`containerName\\s*=\\s*"${collectorContainer}"`).test(containers)) fail(`${where}: the service container does not start after the ${collectorContainer}`);
      const locals = stringsIn(module.locals).join('\n');
      if (!/OTEL_EXPORTER_OTLP_ENDPOINT\s*=\s*"http:\/\/localhost:4317"/.test(locals)) fail(`${module.dir}: the service does not send OTLP to the sidecar (OTEL_EXPORTER_OTLP_ENDPOINT = "http://localhost:4317")`);
      for (const [signal, exporter] of Object.entries(signalExporters)) {
        const pipeline = new RegExp(`\\b${signal}\\s*=\\s*\\{[^}]*exporters\\s*=\\s*\\[\\s*"${exporter}"\\s*\\]`);
        if (!pipeline.test(locals)) fail(`${module.dir}: the collector's ${signal} pipeline does not export to ${exporter}`);
      }
      const telemetryGroups = Object.values(module.resource.aws_cloudwatch_log_group ?? {}).filter((group) => /telemetry/.test(group.name ?? ''));
      if (telemetryGroups.length === 0) fail(`${module.dir}: no aws_cloudwatch_log_group for the telemetry (the collector must not create log groups)`);
      for (const group of telemetryGroups) if (group.retention_in_days === undefined) fail(`${module.dir}: telemetry log group ${group.name} has no retention_in_days`);
    }
  }
  checkTelemetryPolicy(modules);
}

// Some policy grants the X-Ray and CloudWatch Logs writes to every task role, the logs only on the
// services' telemetry log groups.
function checkTelemetryPolicy(modules) {
  let found = false;
  for (const module of modules.values()) {
    for (const [name, document] of Object.entries(module.data.aws_iam_policy_document ?? {})) {
      const statements = asList(document.statement);
      if (!statements.some((statement) => asList(statement.actions).includes('xray:PutTraceSegments'))) continue;
      found = true;
      const where = `${module.dir}: policy ${name}`;
      const logs = statements.filter((statement) => asList(statement.actions).some((action) => action.startsWith('logs:')));
      if (!logs.some((statement) => asList(statement.actions).includes('logs:PutLogEvents'))) fail(`${where}: grants no logs:PutLogEvents for the collector's metrics and logs`);
      for (const resource of logs.flatMap((statement) => asList(statement.resources))) {
        if (!/\/telemetry:\*$/.test(resource)) fail(`${where}: grants logs actions on ${resource}, not only on a telemetry log group`);
      }
      const attached = Object.values(module.resource.aws_iam_role_policy ?? {})
        .filter((policy) => String(policy.policy ?? '').includes(`data.aws_iam_policy_document.${name}`));
      if (!attached.some((policy) => policy.for_each === '${var.service_names}')) fail(`${where}: is not attached to every task role (for_each = var.service_names)`);
    }
  }
  if (!found) fail('no IAM policy grants xray:PutTraceSegments: the collector sidecars cannot send traces to X-Ray');
}

function report() {
  if (failures.size === 0) return;
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.error(`${failures.size} problem(s) found`);
  process.exit(1);
}

const files = listFiles(terraformDir);
const modules = await parseAll(terraformDir, hcl2jsonPath, files, fail);
console.log(`parsed ${files.length} files in ${modules.size} modules with @cdktf/hcl2json`);
// A file that does not parse leaves its module half-read: checking references would only echo it.
if (failures.size > 0) report();
for (const module of modules.values()) {
  checkReferences(module, modules);
  checkModuleCalls(module, modules);
  checkDescriptions(module);
}
checkWildcardResources(modules);
checkTelemetrySidecar(modules);
checkServiceMap(modules.get(terraformDir));
const deployed = deployedServices(terraformDir, modules, fail);
checkDeployedServices(deployed);
for (const entry of deployed) console.log(`ECS service ${entry.service.padEnd(12)} task role ${entry.taskRole}  log group ${entry.logGroup}`);

report();
console.log(`all checks passed: ${deployed.length} ECS services, each with its own task role, a log group and the telemetry sidecar`);
