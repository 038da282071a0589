/**
 * Process entry: read configuration, load the dataset, listen, and close cleanly on SIGTERM/SIGINT.
 * A bad configuration or data file stops start-up with a message naming the problem and exit code 1.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { buildApp, loggerOptions } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataFileError } from './domain/registry/data-file-error.js';
import { loadCouncils } from './domain/dataset.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const startedAt = performance.now();
  const config = loadConfig();
  const councils = loadCouncils(config.modelsDir);
  const registry = councils.default.registry;
  const app = await buildApp({ config, registry, councils, logger: loggerOptions(config.logLevel) });
  for (const council of councils.all()) {
    for (const m of council.registry.localityCheck.unlocated) {
      app.log.warn({ council: council.name, urn: m.urn, lsoa: m.lsoa, assigned: m.assigned }, "school lies in no district polygon; district taken from its LSOA (or, outside the council's area, the nearest LSOA)");
    }
    for (const m of council.registry.localityCheck.mismatches) {
      app.log.warn({ council: council.name, urn: m.urn, pointInPolygon: m.pointInPolygon, register: m.register }, "school's polygon district differs from its LSOA district");
    }
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown grace period over; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  // HiGHS's first solve in a thread is slow, and the assembly worker loads the dataset: start the
  // workers now, after listening, so the first run does not pay for it and start-up does not wait for it.
  app.scenarioRunner.warm().then(
    () => app.log.info({ warmMs: Math.round(performance.now() - startedAt) }, 'solver and assembly workers ready'),
    (err) => app.log.error({ err }, 'solver or assembly workers failed to start'),
  );
  app.log.info(
    {
      startupMs: Math.round(performance.now() - startedAt),
      processUptimeMs: Math.round(process.uptime() * 1000),
      datasetLoadMs: Math.round(councils.all().reduce((s, c) => s + c.registry.loadMs, 0)),
      councils: councils.all().map((c) => ({ name: c.name, loadMs: Math.round(c.registry.loadMs), schools: c.registry.schools.length, specialSchools: c.registry.specialSchools.size })),
      schools: registry.schools.length,
      specialSchools: registry.specialSchools.size,
    },
    'ready',
  );
}

main().catch((err) => {
  const log = pino({ level: 'error' });
  if (err instanceof DataFileError || err instanceof ConfigError) {
    log.fatal({ file: (err as DataFileError).file, row: (err as DataFileError).row, field: (err as DataFileError).field }, err.message);
    console.error(`start-up failed: ${err.message}`);
  } else {
    log.fatal({ err }, 'start-up failed');
  }
  process.exit(1);
});
