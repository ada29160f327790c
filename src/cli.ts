import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from './config.js';
import { isIanaTimezone, TIMEZONE_RULE } from './lib/time-zones.js';
import { announceFirstWorkspace, openNodeDatabase } from './node/database.js';
import {
  APPLE_RANGES_URL,
  AppleRangesError,
  downloadAppleRanges,
  parseAppleRanges,
  replaceAppleRanges,
} from './services/tracking/apple-ranges.js';
import { createWorkspace } from './services/workspaces/create-workspace.js';

const usage = `Usage: npm run kaifu -- <command>

  migrate                                   apply migrations (also: npm run db:migrate); creates the first
                                            workspace from KAIFU_ADMIN_KEY when there is none
  workspace create NAME [--timezone ZONE]   create a workspace and print its admin key
  apple-ranges refresh [--file CSV]         load Apple's Mail Privacy Protection egress ranges, from
                                            ${APPLE_RANGES_URL} or a saved copy

Uses DATABASE_URL when set, else the embedded database under KAIFU_DATA_DIR (stop the server first).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      timezone: { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, ...rest] = positionals;
  let ranges: string[] = [];
  if (values.help || !command) {
    process.stdout.write(`${usage}\n`);
    return command || values.help ? 0 : 2;
  }
  if (command === 'workspace' && sub === 'create') {
    const name = rest.join(' ').trim();
    if (!name) throw new UsageError('workspace create needs a NAME');
    if (values.timezone && !isIanaTimezone(values.timezone)) {
      throw new UsageError(`--timezone: ${values.timezone} ${TIMEZONE_RULE}`);
    }
  } else if (command === 'apple-ranges' && sub === 'refresh') {
    // Read (and check) the list before touching the database.
    ranges = parseAppleRanges(
      values.file ? await readFile(values.file, 'utf8') : await downloadAppleRanges(),
    );
  } else if (command !== 'migrate') {
    throw new UsageError(`Unknown command: ${[command, sub].filter(Boolean).join(' ')}`);
  }

  const config = parseConfig(process.env, { embedded: true });
  const database = await openNodeDatabase(config);
  try {
    announceFirstWorkspace(database.firstWorkspace, Boolean(config.adminKey));
    if (command === 'migrate') {
      process.stdout.write('Migrations applied.\n');
      return 0;
    }
    if (command === 'apple-ranges') {
      const kept = await replaceAppleRanges({ db: database.handle.db, ranges, now: new Date() });
      process.stdout.write(`Apple egress ranges refreshed: ${kept} ranges kept.\n`);
      return 0;
    }
    const created = await createWorkspace({
      db: database.handle.db,
      input: {
        name: rest.join(' ').trim(),
        defaultTimezone: values.timezone,
        now: new Date(),
      },
    });
    process.stdout.write(
      `Workspace ${created.workspaceId} created. Its admin key (shown once, store it now):\n\n    ${created.adminKey}\n\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${usage}\n`);
    else if (error instanceof ConfigError || error instanceof AppleRangesError)
      process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
