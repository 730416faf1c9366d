import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isEmulatedHost } from '../emulator/index';

/**
 * How Firefox reaches the emulator under the real Salesforce host names: it has no
 * `--host-resolver-rules`, so its profile sends every request through this HTTP proxy on
 * 127.0.0.1 (`network.proxy.*`), which tunnels a CONNECT to a Salesforce host to the emulator's
 * port and refuses every other host, so a test can never reach the internet. The TLS stays end to
 * end between Firefox and the emulator: the page, its cookies and the certificate are the real
 * host's, as with Chromium's host mapping.
 */
export interface HostProxy {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHostProxy(emulatorPort: number): Promise<HostProxy> {
  // A tunnel's sockets leave the HTTP server's hands: closed here on close.
  const tunnels = new Set<Duplex>();
  const server: Server = createServer((_req, res) => {
    // A plain-HTTP request through the proxy: nothing of this product's goes that way.
    res.writeHead(403).end();
  });
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    const host = target.replace(/:\d+$/, '');
    if (!isEmulatedHost(host) || !target.endsWith(':443')) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(emulatorPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(client).add(upstream);
    const drop = () => {
      upstream.destroy();
      client.destroy();
      tunnels.delete(client);
      tunnels.delete(upstream);
    };
    upstream.on('close', drop);
    client.on('close', drop);
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
