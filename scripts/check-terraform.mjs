// Offline checks of deploy/terraform, for machines where `terraform init/validate` cannot reach
// the registry: every file must parse, every reference must resolve, every ECS service must run
// with a task role of its own and log to a CloudWatch log group with a retention, and IAM
// policies may use Resource "*" only for actions that accept nothing narrower.
//
// Usage: node scripts/check-terraform.mjs <terraform-dir> <path-to-@cdktf/hcl2json>
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const [terraformDir, hcl2jsonPath] = process.argv.slice(2);
const { parse } = createRequire(import.meta.url)(resolve(hcl2jsonPath));

// The containers of the distributed deployment; on AWS, Cognito replaces identity.
const expectedServices = ['albums', 'processing', 'metadata', 'recognition', 'thumbnail', 'notification', 'gateway', 'web'];
const servicesNotOnAws = ['identity'];
// Actions AWS authorizes only against Resource "*".
const actionsWithoutResourceScope = new Set(['ecr:GetAuthorizationToken', 'rekognition:DetectLabels']);

const failures = new Set();
const fail = (message) => failures.add(message);

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listFiles(path);
    return entry.name.endsWith('.tf') || parseOnly(entry.name) ? [path] : [];
  });
}

// Example variables and tests are HCL too, but declare nothing of a module.
function parseOnly(fileName) {
  return fileName.endsWith('.tfvars.example') || fileName.endsWith('.tftest.hcl');
}

function emptyModule(dir) {
  return { dir, resource: {}, data: {}, variable: {}, output: {}, locals: {}, module: {}, files: [] };
}

// Folds the parsed blocks of one file into the Terraform module (directory) that holds it.
function addBlocks(module, parsed) {
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries(parsed[kind] ?? {})) {
      module[kind][type] ??= {};
      for (const [name, bodies] of Object.entries(byName)) module[kind][type][name] = bodies[0];
    }
  }
  for (const kind of ['variable', 'output', 'module']) {
    for (const [name, bodies] of Object.entries(parsed[kind] ?? {})) module[kind][name] = bodies[0];
  }
  for (const block of parsed.locals ?? []) Object.assign(module.locals, block);
}

async function parseAll(files) {
  const modules = new Map();
  for (const file of files) {
    let parsed;
    try {
      parsed = await parse(file, readFileSync(file, 'utf8'));
    } catch (error) {
      fail(`parse error: ${String(error.message ?? error)}`);
      continue;
    }
    if (parseOnly(file)) continue;
    const dir = resolve(file, '..');
    if (!modules.has(dir)) modules.set(dir, emptyModule(relative(terraformDir, dir) || '.'));
    const module = modules.get(dir);
    module.files.push(file);
    addBlocks(module, parsed);
  }
  return modules;
}

function stringsIn(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => stringsIn(item));
  if (value && typeof value === 'object') return Object.values(value).flatMap((item) => stringsIn(item));
  return [];
}

function has(map, ...keys) {
  return keys.reduce((node, key) => (node && Object.hasOwn(node, key) ? node[key] : undefined), map) !== undefined;
}

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

function calledModule(caller, name, modules) {
  const source = caller.module[name].source;
  return modules.get(resolve(terraformDir, caller.dir, source));
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

function referencedName(expression, type) {
  const match = new RegExp(`${type}\\.([A-Za-z_][\\w-]*)`).exec(expression ?? '');
  return match?.[1];
}

// One ECS service resource: task role and log group, resolved inside its own module.
function describeEcsService(module, name, service) {
  const where = `${module.dir}: aws_ecs_service.${name}`;
  const taskDefinitionName = referencedName(service.task_definition, 'aws_ecs_task_definition');
  const taskDefinition = module.resource.aws_ecs_task_definition?.[taskDefinitionName];
  if (!taskDefinition) { fail(`${where}: task_definition does not reference an aws_ecs_task_definition of its module`); return undefined; }

  const taskRole = taskDefinition.task_role_arn;
  if (!taskRole) fail(`${where}: its task definition sets no task_role_arn`);
  const roleVariable = /^\$\{var\.([\w-]+)\}$/.exec(taskRole ?? '')?.[1];
  if (roleVariable && Object.hasOwn(module.variable[roleVariable] ?? {}, 'default')) fail(`${where}: variable ${roleVariable} (task role) must be required, it has a default`);

  const containers = stringsIn(taskDefinition.container_definitions).join('\n');
  if (!/logDriver\s*=\s*"awslogs"/.test(containers)) fail(`${where}: containers do not use the awslogs driver`);
  const logGroupName = referencedName(/awslogs-group\s*=\s*([^\n]+)/.exec(containers)?.[1], 'aws_cloudwatch_log_group');
  const logGroup = module.resource.aws_cloudwatch_log_group?.[logGroupName];
  if (!logGroup) fail(`${where}: awslogs-group does not reference an aws_cloudwatch_log_group of its module`);
  else if (logGroup.retention_in_days === undefined) fail(`${where}: log group ${logGroupName} has no retention_in_days`);
  const localName = /^\$\{local\.([\w-]+)\}$/.exec(logGroup?.name ?? '')?.[1];
  return { taskRole, roleVariable, logGroup: localName ? module.locals[localName] : logGroup?.name };
}

function checkEcsServices(modules) {
  const deployed = [];
  for (const module of modules.values()) {
    for (const [name, service] of Object.entries(module.resource.aws_ecs_service ?? {})) {
      const shape = describeEcsService(module, name, service);
      if (!shape) continue;
      if (!shape.roleVariable) { deployed.push({ service: `${module.dir}/${name}`, taskRole: shape.taskRole, logGroup: shape.logGroup }); continue; }
      for (const caller of modules.values()) {
        for (const [label, call] of Object.entries(caller.module)) {
          if (calledModule(caller, label, modules) !== module) continue;
          const taskRole = call[shape.roleVariable];
          if (!taskRole) fail(`${caller.dir}: module "${label}" passes no ${shape.roleVariable}`);
          if (call.name !== label) fail(`${caller.dir}: module "${label}" deploys a service named "${call.name}"`);
          const logGroup = String(shape.logGroup).replaceAll('${var.name}', call.name ?? label);
          deployed.push({ service: call.name ?? label, taskRole, logGroup });
        }
      }
    }
  }
  return deployed;
}

function checkDeployedServices(deployed) {
  const names = deployed.map((entry) => entry.service);
  for (const service of expectedServices) if (!names.includes(service)) fail(`service ${service} is not deployed`);
  for (const service of servicesNotOnAws) if (names.includes(service)) fail(`service ${service} must not run on AWS (Cognito replaces it)`);
  const roles = deployed.map((entry) => entry.taskRole);
  for (const role of new Set(roles)) {
    const sharing = deployed.filter((entry) => entry.taskRole === role).map((entry) => entry.service);
    if (sharing.length > 1) fail(`services ${sharing.join(', ')} share the task role ${role}`);
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

function report() {
  if (failures.size === 0) return;
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.error(`${failures.size} problem(s) found`);
  process.exit(1);
}

const files = listFiles(resolve(terraformDir)).sort();
const modules = await parseAll(files);
console.log(`parsed ${files.length} files in ${modules.size} modules with @cdktf/hcl2json`);
// A file that does not parse leaves its module half-read: checking references would only echo it.
if (failures.size > 0) report();
for (const module of modules.values()) {
  checkReferences(module, modules);
  checkModuleCalls(module, modules);
  checkDescriptions(module);
}
checkWildcardResources(modules);
const deployed = checkEcsServices(modules);
checkDeployedServices(deployed);
for (const entry of deployed) console.log(`ECS service ${entry.service.padEnd(12)} task role ${entry.taskRole}  log group ${entry.logGroup}`);

report();
console.log(`all checks passed: ${deployed.length} ECS services, each with its own task role and a log group`);
