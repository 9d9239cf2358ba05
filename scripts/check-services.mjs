// services.json is the one list of the system's services. This checks what cannot read it:
// docker-compose.yml builds exactly those services, each from its host's project folder, and the
// standalone host references every service library. (deploy/terraform is checked against
// docker-compose.yml by check-compose-vs-terraform.mjs; scripts/run-distributed.sh and
// tests/Distributed.EndToEndTests read services.json themselves.)
//
// Usage: node scripts/check-services.mjs <repository root> <path-to-yaml>
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const [rootArgument, yamlPath] = process.argv.slice(2);
const root = resolve(rootArgument);
const YAML = createRequire(import.meta.url)(resolve(yamlPath));

const failures = [];
const fail = (message) => failures.push(message);

const { services } = JSON.parse(readFileSync(join(root, 'services.json'), 'utf8'));
const names = new Set();
for (const service of services) {
  if (names.has(service.name)) fail(`services.json names ${service.name} twice`);
  names.add(service.name);
  for (const folder of [service.host, service.library].filter(Boolean)) {
    const project = join(root, folder, `${basename(folder)}.csproj`);
    if (!existsSync(project)) fail(`services.json: ${service.name}: ${folder} has no ${basename(folder)}.csproj`);
  }
}

// docker-compose.yml: the services with a build section are exactly these, built from their hosts.
const compose = YAML.parseDocument(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }).toJS().services;
const built = Object.entries(compose).filter(([, service]) => service.build !== undefined);
for (const [name, service] of built) {
  const listed = services.find((s) => s.name === name);
  if (!listed) {
    fail(`docker-compose.yml builds ${name}, which services.json does not list`);
  } else if (service.build?.args?.PROJECT !== listed.host) {
    fail(`docker-compose.yml builds ${name} from '${service.build?.args?.PROJECT}', services.json says '${listed.host}'`);
  }
}
for (const service of services) {
  if (!built.some(([name]) => name === service.name)) fail(`docker-compose.yml does not build ${service.name}`);
}

// The standalone host composes every service library in one process.
const standalone = readFileSync(join(root, 'standalone', 'ImageRecognition.Standalone.csproj'), 'utf8');
const referenced = new Set([...standalone.matchAll(/ProjectReference Include="([^"]+)"/g)]
  .map((match) => match[1].replaceAll('\\', '/').replace(/^\.\.\//, '').replace(/\/[^/]+\.csproj$/, '')));
for (const service of services.filter((s) => s.library)) {
  if (!referenced.has(service.library)) fail(`standalone/ImageRecognition.Standalone.csproj does not reference ${service.library} (${service.name})`);
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.error(`${failures.length} problem(s) found`);
  process.exit(1);
}
console.log(`services.json: ${services.length} services, docker-compose.yml and the standalone host agree`);
