// Memory of the Docker containers a command starts, which a peak RSS of the command's own processes leaves out:
// the PostgreSQL server of `check --db docker` runs in a container, under the Docker engine, not under the CLI.
//
// Read from the Docker Engine API's stats endpoint (what `docker stats` shows) over the engine's unix socket,
// polled while the command runs, for containers created from one image name that did not exist before it started
// (`privateImageName` gives the command a name no one else uses). Two figures:
// `usedMb`, the largest sampled usage minus inactive page cache (the number `docker stats` prints; a sample
// every `intervalMs` can miss a short peak), and, on cgroup v1 only, `maxUsageMb`, the kernel's own high-water
// mark of the container's memory, exact but including page cache.
import { existsSync } from 'node:fs';
import http from 'node:http';

function engineSocket() {
  const host = process.env.DOCKER_HOST;
  if (host) return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
  return existsSync('/var/run/docker.sock') ? '/var/run/docker.sock' : undefined;
}

function ask(socketPath, path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, path, method, timeout: 5_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode < 200 || response.statusCode > 299) return reject(new Error(`${method} ${path}: HTTP ${response.statusCode} ${body.trim()}`));
        try {
          resolve(body ? JSON.parse(body) : undefined);
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer in 5 s`)));
    request.on('error', reject);
    request.end();
  });
}

/**
 * Gives a local `image` a second name of its own (`remove()` takes the name away, not the image), so that the
 * containers a command starts from it are told from those that tests running beside the bench start from the
 * same image. Undefined when the engine cannot be asked or the image is not local.
 */
export async function privateImageName(image) {
  const socketPath = engineSocket();
  if (!socketPath) return undefined;
  const name = { repo: 'sql-preflight-bench', tag: `${process.pid}-${Date.now()}` };
  try {
    await ask(socketPath, `/images/${encodeURIComponent(image)}/tag?repo=${name.repo}&tag=${name.tag}`, 'POST');
  } catch {
    return undefined;
  }
  const full = `${name.repo}:${name.tag}`;
  return { name: full, remove: () => ask(socketPath, `/images/${encodeURIComponent(full)}?noprune=1`, 'DELETE').catch(() => {}) };
}

const MB = 2 ** 20;

/**
 * Starts watching; `stop()` ends the polling and returns `{ containers: [{ id, usedMb, maxUsageMb? }], samples }`,
 * or `{ unavailable }` with the reason when the engine cannot be asked. More than one container means
 * something else started a container of the same image meanwhile, and the figures cannot be told apart.
 */
export async function watchContainerMemory(image, { intervalMs = 500 } = {}) {
  const socketPath = engineSocket();
  if (!socketPath) return { stop: async () => ({ unavailable: `DOCKER_HOST (${process.env.DOCKER_HOST}) is not a unix socket` }) };
  // By the name the container was created with: the engine's `ancestor` filter would match every name of the image.
  const ofImage = async (all) => (await ask(socketPath, `/containers/json${all ? '?all=1' : ''}`)).filter((c) => c.Image === image);
  let existing;
  try {
    existing = new Set((await ofImage(true)).map((c) => c.Id));
  } catch (error) {
    return { stop: async () => ({ unavailable: `the Docker engine at ${socketPath} did not answer: ${error.message}` }) };
  }
  const containers = new Map();
  let samples = 0;
  let lastError;
  let stopped = false;
  const sample = async () => {
    for (const { Id: id } of await ofImage(false)) {
      if (existing.has(id)) continue;
      // one-shot: answer at once instead of waiting a second for a second CPU sample (API 1.41+; older engines wait).
      const { memory_stats: memory } = await ask(socketPath, `/containers/${id}/stats?stream=false&one-shot=true`).catch(() => ({}));
      if (!memory?.usage) continue;
      const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
      const seen = containers.get(id) ?? { id: id.slice(0, 12), usedMb: 0 };
      seen.usedMb = Math.max(seen.usedMb, (memory.usage - inactive) / MB);
      if (memory.max_usage) seen.maxUsageMb = Math.max(seen.maxUsageMb ?? 0, memory.max_usage / MB);
      containers.set(id, seen);
      samples++;
    }
  };
  const polling = (async () => {
    while (!stopped) {
      await sample().catch((error) => (lastError = error));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await polling;
      if (containers.size === 0) return { unavailable: `no running container of ${image} was sampled${lastError ? ` (${lastError.message})` : ''}` };
      return { containers: [...containers.values()], samples };
    },
  };
}
