import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { ProviderError, describe } from './provider.js';
import { startServer, type ServerProvider } from './server.js';

const PING_TIMEOUT_MS = 2_000;
const REMOVE_TIMEOUT_MS = 10_000;

export interface DockerEngine {
  answered: boolean;
  /** Where the engine was looked for, for messages. */
  address: string;
}

/**
 * Asks the Docker engine for /_ping. DOCKER_HOST, when set, is the only place asked (as the docker CLI does;
 * Testcontainers would otherwise fall back to the default socket); without it, the sockets Testcontainers
 * tries. Any HTTP answer counts: the engine is there even if it refuses the ping.
 */
export async function findDockerEngine(): Promise<DockerEngine> {
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    if (dockerHost.startsWith('unix://')) {
      return { answered: await ping({ socketPath: dockerHost.slice('unix://'.length) }), address: dockerHost };
    }
    if (dockerHost.startsWith('tcp://')) {
      const { hostname, port } = new URL(dockerHost);
      return { answered: await ping({ host: hostname, port: Number(port) || 2375 }), address: dockerHost };
    }
    // npipe:// and ssh:// cannot be pinged from here: let Testcontainers try them.
    return { answered: true, address: dockerHost };
  }
  const candidates = new Set([
    '/var/run/docker.sock',
    ...(process.env.XDG_RUNTIME_DIR ? [join(process.env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    ...(process.getuid ? [`/run/user/${process.getuid()}/docker.sock`] : []),
  ]);
  const sockets = [...candidates].filter((path) => existsSync(path));
  const answers = await Promise.all(sockets.map((socketPath) => ping({ socketPath })));
  const found = sockets.find((_, index) => answers[index]);
  return { answered: found !== undefined, address: `unix://${found ?? sockets[0] ?? '/var/run/docker.sock'}` };
}

function ping(target: { socketPath: string } | { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ ...target, path: '/_ping', timeout: PING_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

export interface DockerOptions {
  image: string;
  statementTimeoutMs: number;
}

/** Starts PostgreSQL in a container (removed on dispose) and a throwaway database in it. */
export async function startDocker(options: DockerOptions, engine: DockerEngine): Promise<ServerProvider> {
  if (!engine.answered) {
    throw new ProviderError(`no Docker engine answered at ${engine.address}; start Docker or use --db pglite`);
  }
  // Ryuk, Testcontainers' reaper, is one more image to pull from Docker Hub before the first start; dispose()
  // and the exit handlers remove the container instead. An explicit setting still wins.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  // Loaded here, not at the top: it takes about 0.3 s, which runs without Docker need not spend.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const password = randomBytes(12).toString('hex');
  let container: StartedPostgreSqlContainer;
  try {
    container = await new PostgreSqlContainer(options.image).withDatabase('postgres').withPassword(password).start();
  } catch (error) {
    // The health check command carries the password, and Testcontainers may quote it.
    const why = describe(error).replaceAll(password, '***');
    if (!(await imageIsLocal(options.image))) {
      throw new ProviderError(`the image ${options.image} is not available locally and could not be pulled: ${why}`);
    }
    throw new ProviderError(`the PostgreSQL container (${options.image}) did not start: ${why}`);
  }
  const id = container.getId();
  const adminUrl = `postgres://${container.getUsername()}:${password}@${container.getHost()}:${container.getPort()}/postgres`;
  return startServer({
    kind: 'docker',
    adminUrl,
    statementTimeoutMs: options.statementTimeoutMs,
    stop: async () => {
      await container.stop();
    },
    stopSync: () => {
      spawnSync('docker', ['rm', '--force', '--volumes', id], { stdio: 'ignore', timeout: REMOVE_TIMEOUT_MS });
    },
  });
}

async function imageIsLocal(image: string): Promise<boolean> {
  try {
    const { ImageName, getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    return await client.image.exists(ImageName.fromString(image));
  } catch {
    return false;
  }
}
