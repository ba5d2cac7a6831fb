// npm run topology            writes what services/common/src/topology.ts generates for running locally
// npm run k8s                 writes k8s/base, k8s/dev and k8s/prod
// npm run --silent k8s -- secrets   prints fresh Secrets for a cluster (pipe into kubectl apply -f -)
// npm run --silent k8s -- images    prints "<folder of services/> <image>" for each image the Dockerfile builds
// Either with --check: writes nothing, lists what is out of date, exits 1 if anything is.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { imageOf, k8sFiles, strayK8sFiles } from './k8s.ts';
import { clusterSecretsYaml } from './k8s-secrets.ts';
import { REPO_ROOT } from './paths.ts';
import { outdated, runningApps, topologyFiles } from './topology-files.ts';

const [what = 'topology', ...flags] = process.argv.slice(2);
const check = flags.includes('--check');

if (flags.includes('secrets')) {
  process.stdout.write(clusterSecretsYaml());
} else if (flags.includes('images')) {
  for (const app of runningApps().filter((a) => !a.image)) console.log(`${path.basename(app.dir)} ${imageOf(app)}`);
} else {
  const { files, stale } = what === 'k8s' ? { files: k8sFiles(), stale: [] as string[] } : topologyFiles();
  const extra = what === 'k8s' ? strayK8sFiles(files) : stale;
  const behind = outdated(files, extra);
  if (check) {
    if (behind.length) {
      console.error(`out of date (run npm run ${what}):\n  ${behind.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`${files.size} files generated from the topology are current`);
  } else {
    for (const file of behind) {
      const target = path.join(REPO_ROOT, file);
      if (files.has(file)) {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, files.get(file)!);
      } else {
        rmSync(target);
      }
      console.log(`${files.has(file) ? 'wrote' : 'removed'} ${file}`);
    }
    console.log(`${files.size} files generated from the topology, ${behind.length} changed`);
  }
}
