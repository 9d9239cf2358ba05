// Every application service of docker-compose.yml (one with a `build:` section) must run on AWS
// as an ECS service with its own task role and a log group, and every ECS service must be built
// by docker-compose.yml; the infrastructure containers (image only) must have their managed AWS
// counterpart among the root module's module calls.
//
// Usage: node scripts/check-compose-vs-terraform.mjs <docker-compose.yml> <terraform-dir> \
//          <path-to-@cdktf/hcl2json> <path-to-yaml>
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { calledModule, deployedServices, listFiles, parseAll } from './terraform-model.mjs';

const [composeFile, terraformDirArgument, hcl2jsonPath, yamlPath] = process.argv.slice(2);
const terraformDir = resolve(terraformDirArgument);
const YAML = createRequire(import.meta.url)(resolve(yamlPath));

// Application services that do not run on AWS, and what takes their place.
const notOnAws = {
  identity: { reason: 'Amazon Cognito replaces the local OpenID Connect provider', modules: ['cognito'] },
};

// Infrastructure containers of docker-compose.yml and the modules (folders under modules/) of
// the managed AWS services that replace them.
const managedCounterparts = {
  rabbitmq: ['mq'], // Amazon MQ for RabbitMQ
  redis: ['redis'], // ElastiCache Redis
  localstack: ['storage', 'dynamodb'], // S3 and DynamoDB
  'aspire-dashboard': ['ecs_service'], // each task's collector sidecar sends to X-Ray and CloudWatch
};

const failures = [];
const fail = (message) => failures.push(message);

function report() {
  if (failures.length === 0) return;
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.error(`${failures.length} problem(s) found`);
  process.exit(1);
}

function readComposeServices() {
  if (!existsSync(composeFile)) {
    fail(`${composeFile} not found: it lists the services every deployment must run, so this check cannot pass without it`);
    report();
  }
  const document = YAML.parseDocument(readFileSync(composeFile, 'utf8'), { merge: true });
  for (const error of document.errors) fail(`${composeFile}: ${error.message}`);
  report();
  const services = document.toJS()?.services;
  if (!services || typeof services !== 'object' || Array.isArray(services)) {
    fail(`${composeFile}: has no services mapping`);
    report();
  }
  return services;
}

// The folders under modules/ that the root module calls, e.g. "mq" for source = "./modules/mq".
function rootModuleFolders(modules) {
  const root = modules.get(terraformDir);
  return new Set(Object.keys(root?.module ?? {}).map((label) => calledModule(terraformDir, root, label, modules)?.dir.replace(/^modules\//, '')));
}

function checkApplicationServices(built, deployed, folders) {
  for (const name of built) {
    if (Object.hasOwn(notOnAws, name)) {
      const { reason, modules } = notOnAws[name];
      if (deployed.some((entry) => entry.service === name)) fail(`${name} is deployed as an ECS service although ${reason}`);
      for (const folder of modules.filter((module) => !folders.has(module))) fail(`${name} is not deployed because ${reason}, but modules/${folder} is not called`);
      console.log(`compose ${name.padEnd(12)} not on AWS: ${reason}`);
      continue;
    }
    const entry = deployed.find((candidate) => candidate.service === name);
    if (!entry) { fail(`compose service ${name} (built from source) has no ECS service in ${terraformDirArgument}`); continue; }
    if (!entry.taskRole) fail(`ECS service ${name} has no task role`);
    if (!entry.logGroup) fail(`ECS service ${name} has no log group`);
    console.log(`compose ${name.padEnd(12)} ECS service ${entry.call}, task role ${entry.taskRole}, log group ${entry.logGroup}`);
  }
  for (const entry of deployed.filter((candidate) => !built.includes(candidate.service))) {
    fail(`ECS service ${entry.service} has no service with a build: section in ${composeFile}`);
  }
}

function checkInfrastructure(imageOnly, folders) {
  for (const name of imageOnly) {
    const counterparts = managedCounterparts[name];
    if (!counterparts) { fail(`compose service ${name} (image only) has no managed AWS counterpart listed in check-compose-vs-terraform.mjs`); continue; }
    for (const folder of counterparts.filter((module) => !folders.has(module))) fail(`compose service ${name} needs modules/${folder}, which the root module does not call`);
    console.log(`compose ${name.padEnd(12)} managed on AWS by modules/${counterparts.join(', modules/')}`);
  }
}

const services = readComposeServices();
const modules = await parseAll(terraformDir, hcl2jsonPath, listFiles(terraformDir), fail);
const deployed = deployedServices(terraformDir, modules, fail);
const folders = rootModuleFolders(modules);
const names = Object.keys(services);
const built = names.filter((name) => services[name]?.build !== undefined);
checkApplicationServices(built, deployed, folders);
checkInfrastructure(names.filter((name) => !built.includes(name)), folders);
report();
const onEcs = built.filter((name) => !Object.hasOwn(notOnAws, name));
console.log(`compose vs terraform passed: ${onEcs.length} built services on ECS, ${names.length - built.length} infrastructure services on managed AWS services`);
