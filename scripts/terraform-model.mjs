// Reads deploy/terraform with @cdktf/hcl2json into one object per Terraform module (folder) and
// lists the ECS services it deploys, with the task role and log group of each. Shared by
// check-terraform.mjs and check-compose-vs-terraform.mjs.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listFiles(path);
    return entry.name.endsWith('.tf') || parseOnly(entry.name) ? [path] : [];
  }).sort();
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

// Parses every file; a file that does not parse is reported through fail and left out.
export async function parseAll(terraformDir, hcl2jsonPath, files, fail) {
  const { parse } = createRequire(import.meta.url)(resolve(hcl2jsonPath));
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

export function stringsIn(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((item) => stringsIn(item));
  if (value && typeof value === 'object') return Object.values(value).flatMap((item) => stringsIn(item));
  return [];
}

export function has(map, ...keys) {
  return keys.reduce((node, key) => (node && Object.hasOwn(node, key) ? node[key] : undefined), map) !== undefined;
}

export function calledModule(terraformDir, caller, name, modules) {
  const source = caller.module[name].source;
  return modules.get(resolve(terraformDir, caller.dir, source));
}

function referencedName(expression, type) {
  const match = new RegExp(`${type}\\.([A-Za-z_][\\w-]*)`).exec(expression ?? '');
  return match?.[1];
}

// One ECS service resource: task role and log group, resolved inside its own module.
function describeEcsService(module, name, service, fail) {
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

// The keys of a module call's for_each, which must be a literal map in a local of the caller.
function forEachKeys(caller, label, call, fail) {
  const localName = /^\$\{local\.([\w-]+)\}$/.exec(call.for_each)?.[1];
  const map = localName ? caller.locals[localName] : undefined;
  if (map && typeof map === 'object' && !Array.isArray(map)) return Object.keys(map);
  fail(`${caller.dir}: module "${label}" must take for_each from a local holding a literal map of the services (found ${call.for_each})`);
  return [];
}

// The instances of one module call: [label] without for_each, one per key with it; each.key in
// the arguments is replaced by the instance's key, so a role shared by all instances shows.
function instancesOf(caller, label, call, fail) {
  if (call.for_each === undefined) return [{ name: call.name ?? label, args: call, label }];
  if (call.name !== '${each.key}') fail(`${caller.dir}: module "${label}" must name each service after its key (name = each.key), found ${call.name}`);
  return forEachKeys(caller, label, call, fail).map((key) => ({
    name: key,
    label: `${label}["${key}"]`,
    args: JSON.parse(JSON.stringify(call).replaceAll('each.key', JSON.stringify(key).replaceAll('"', '\\"'))),
  }));
}

// Every ECS service the configuration deploys: { service, taskRole, logGroup, call }.
export function deployedServices(terraformDir, modules, fail) {
  const deployed = [];
  for (const module of modules.values()) {
    for (const [name, service] of Object.entries(module.resource.aws_ecs_service ?? {})) {
      const shape = describeEcsService(module, name, service, fail);
      if (!shape) continue;
      if (!shape.roleVariable) { deployed.push({ service: `${module.dir}/${name}`, taskRole: shape.taskRole, logGroup: shape.logGroup }); continue; }
      for (const caller of modules.values()) {
        for (const [label, call] of Object.entries(caller.module)) {
          if (calledModule(terraformDir, caller, label, modules) !== module) continue;
          for (const instance of instancesOf(caller, label, call, fail)) {
            const taskRole = instance.args[shape.roleVariable];
            if (!taskRole) fail(`${caller.dir}: module.${instance.label} passes no ${shape.roleVariable}`);
            if (call.for_each === undefined && call.name !== label) fail(`${caller.dir}: module "${label}" deploys a service named "${call.name}"`);
            const logGroup = shape.logGroup?.replaceAll('${var.name}', instance.name);
            const where = caller.dir === '.' ? '' : `${caller.dir}/`;
            deployed.push({ service: instance.name, taskRole, logGroup, call: `${where}module.${instance.label}` });
          }
        }
      }
    }
  }
  return deployed;
}
