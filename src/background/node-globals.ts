import { Buffer } from 'buffer';
import process from 'process';

// jsforce's browser build expects Node's Buffer and process as globals at load time; an MV3
// service worker has neither. This module must be the worker's first import.
const target = globalThis as unknown as { Buffer?: unknown; process?: unknown };
target.Buffer ??= Buffer;
target.process ??= process;
