/**
 * Node clients of the emulator (contract and integration tests, the bench) accept its
 * self-signed certificate (`tls.ts`): certificate checks are off for this process, and Node's
 * warning that says so, printed once per test worker, is kept out of the output. Any other
 * warning still prints. Browsers get `--ignore-certificate-errors` instead (test/e2e/chromium.ts).
 */
export function trustEmulatorTls(): void {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('NODE_TLS_REJECT_UNAUTHORIZED')) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
