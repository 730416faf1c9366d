import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index';
import { launchExtension, type LaunchOptions, type LoadedExtension } from './extension';
import { signIn } from './org-pages';
import { RecordFactory } from './records';

/**
 * How far the set-up goes before the tests: `launched`, the browser with the extension only;
 * `signed-in` (default), and signed in to the org, as a rep at work is; `org-learned`, and one
 * Contact's page opened until the card read it, which is where the extension learns the org (so
 * its options page lists it).
 */
export type HarnessStart = 'launched' | 'signed-in' | 'org-learned';

export interface HarnessOptions extends LaunchOptions {
  /** The emulated org: its seed and how many records of each kind. */
  readonly org?: EmulatorOptions;
  readonly start?: HarnessStart;
}

export interface Harness {
  readonly emu: Emulator;
  /** The browser with the extension; another one after `restart()`. */
  readonly ext: LoadedExtension;
  readonly records: RecordFactory;
  /** Closes the browser and starts it again on the same profile, as when a rep restarts it. */
  restart(): Promise<void>;
  /** Closes the browser and the emulator, and deletes the profile unless the caller gave it. */
  close(): Promise<void>;
}

/**
 * Starts an emulated org on 127.0.0.1 and Chromium with the built extension against it, on a
 * profile that lives until `close()` (so that `restart()` keeps what the extension stored).
 */
export async function startHarness({
  org,
  start = 'signed-in',
  ...launch
}: HarnessOptions = {}): Promise<Harness> {
  const emu = await startEmulator(org);
  const ownProfile = launch.profileDir
    ? undefined
    : mkdtempSync(join(tmpdir(), 'unsubscribe-sync-e2e-'));
  const launchOptions: LaunchOptions = { ...launch, profileDir: launch.profileDir ?? ownProfile };
  let ext: LoadedExtension | undefined;
  const running = (): LoadedExtension => {
    if (!ext) throw new Error('the browser is not running');
    return ext;
  };
  const records = new RecordFactory(emu, () => running().context);
  const close = async (): Promise<void> => {
    try {
      await ext?.close();
      await emu.close();
    } finally {
      if (ownProfile) rmSync(ownProfile, { recursive: true, force: true });
    }
  };

  try {
    ext = await launchExtension(emu.port, launchOptions);
    if (start !== 'launched') {
      const page = await ext.context.newPage();
      await signIn(emu, page);
      await page.close();
    }
    if (start === 'org-learned') {
      const page = await records.open(records.take('Contact').id);
      await page.close();
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    emu,
    get ext() {
      return running();
    },
    records,
    async restart() {
      await running().close();
      ext = undefined;
      ext = await launchExtension(emu.port, launchOptions);
    },
    close,
  };
}

/** The harness of one test file, started before its tests and closed after them. */
export type FileHarness = Omit<Harness, 'close'>;

/**
 * Starts a harness in `beforeAll` and closes it in `afterAll` of the file (or `describe`) it is
 * called in; what it returns is usable from the hooks and tests that follow.
 */
export function useHarness(options: HarnessOptions = {}): FileHarness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): Harness => {
    if (!started) throw new Error('the harness starts in beforeAll: use it in hooks and tests');
    return started;
  };
  return {
    get emu() {
      return current().emu;
    },
    get ext() {
      return current().ext;
    },
    get records() {
      return current().records;
    },
    restart: () => current().restart(),
  };
}
