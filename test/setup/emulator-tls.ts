import { trustEmulatorTls } from '../emulator/client-tls';

// Contract and integration tests talk to the emulator over TLS with its self-signed certificate.
trustEmulatorTls();
