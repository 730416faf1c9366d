import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const REPO = new URL('../../', import.meta.url).pathname;
const VITE = join(REPO, 'node_modules', 'vite', 'bin', 'vite.js');

/**
 * Builds the extension as it was at `commit` into `outDir`, the way `npm run build` built it then:
 * the commit's own sources, vite.config.ts and build plugins, from `git archive` (no worktree,
 * nothing checked out), with this checkout's node_modules, which hold the same runtime
 * dependencies. Needs the commit in the local history (CI clones main in full).
 */
export async function buildCommit(commit: string, outDir: string): Promise<void> {
  const source = mkdtempSync(join(tmpdir(), 'unsubscribe-sync-release-'));
  try {
    const archive = join(source, 'source.tar');
    await run('git', ['-C', REPO, 'archive', `--output=${archive}`, commit]);
    await run('tar', ['-xf', archive, '-C', source]);
    symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'));
    await run(
      process.execPath,
      [VITE, 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'],
      {
        cwd: source,
      },
    );
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}
