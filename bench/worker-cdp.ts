import type { Browser, CDPSession } from 'playwright-core';

/**
 * A DevTools protocol session on an extension's service worker. Playwright opens CDP sessions
 * on pages and frames only, so this one goes through the browser's own session: the worker's
 * target is attached with `Target.attachToTarget` and spoken to through
 * `Target.sendMessageToTarget` / `Target.receivedMessageFromTarget` (the non-flat mode:
 * Playwright's `CDPSession` cannot address a flat child session by its `sessionId`).
 */

export interface WorkerSession {
  send<T>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Resolves when the worker's target goes away (the worker stopped, or the browser closed). */
  readonly detached: Promise<void>;
  close(): Promise<void>;
}

/** `Runtime.getHeapUsage`'s answer (bytes). */
export interface HeapUsage {
  readonly usedSize: number;
  readonly totalSize: number;
  readonly embedderHeapUsedSize?: number;
  readonly backingStorageSize?: number;
}

interface TargetInfo {
  readonly targetId: string;
  readonly type: string;
  readonly url: string;
}

interface Reply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

export async function attachToServiceWorker(
  browser: Browser,
  extensionId: string,
): Promise<WorkerSession> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!target) throw new Error(`no service worker target of extension ${extensionId}`);
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  });

  let nextId = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as Reply;
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiter || reply.id === undefined) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(`${reply.error.message} (${reply.error.code})`));
    else waiter.resolve(reply.result);
  });
  const detached = new Promise<void>((resolve) => {
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId !== sessionId) return;
      for (const waiter of pending.values()) waiter.reject(new Error('service worker detached'));
      pending.clear();
      resolve();
    });
  });

  return {
    send<T>(method: string, params: Record<string, unknown> = {}) {
      const id = ++nextId;
      const answer = new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as T), reject });
      });
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch((error: unknown) => {
          pending.get(id)?.reject(error instanceof Error ? error : new Error(String(error)));
          pending.delete(id);
        });
      return answer;
    },
    detached,
    async close() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}
