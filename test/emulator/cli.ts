import { parseArgs } from 'node:util';
import { MODELLED_LATENCY, startEmulator, type EmulatorOptions } from './index';
import { DEMO_PEOPLE } from './options';

/**
 * Run a demo org: `npx tsx test/emulator/cli.ts --port 8443 --contacts 50 --leads 50`.
 * Prints the hosts, sample record URLs and the Chromium flag; stops on Ctrl-C / SIGTERM.
 */

const USAGE = `Usage: npx tsx test/emulator/cli.ts [options]
  --port N                 port on 127.0.0.1 (default 8443; 0 picks a free one)
  --seed N                 data seed (default 1)
  --contacts N  --leads N  --person-accounts N  --business-accounts N
  --opted-out-rate F       fraction already opted out (default 0.1)
  --person-contacts on|off Person Accounts have person contacts in Contact (default on)
  --same-email-rate F      share of Leads / Person Accounts sharing someone's email (default 0.15)
  --my-domain NAME         My Domain name (default acme)
  --max-version V          newest API version (default 62.0)
  --daily-api-limit N      daily API request allowance (default 100000)
  --token-ttl-ms N         access tokens expire after N ms
  --rotate-refresh-tokens  issue a new refresh token on every refresh
  --render-delay-ms N      Lightning pages render their record N ms after load
  --latency                a modelled network: 100 ms round trips, server time, Bulk jobs
                           of several seconds (control/latency.ts, MODELLED_LATENCY)`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    seed: { type: 'string' },
    contacts: { type: 'string' },
    leads: { type: 'string' },
    'person-accounts': { type: 'string' },
    'business-accounts': { type: 'string' },
    'opted-out-rate': { type: 'string' },
    'person-contacts': { type: 'string', default: DEMO_PEOPLE.personContacts ? 'on' : 'off' },
    'same-email-rate': { type: 'string', default: String(DEMO_PEOPLE.sameEmailRate) },
    'my-domain': { type: 'string' },
    'max-version': { type: 'string' },
    'daily-api-limit': { type: 'string' },
    'token-ttl-ms': { type: 'string' },
    'rotate-refresh-tokens': { type: 'boolean' },
    'render-delay-ms': { type: 'string' },
    latency: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    console.error(`--${name} must be a number\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

if (values['person-contacts'] !== 'on' && values['person-contacts'] !== 'off') {
  console.error(`--person-contacts must be on or off\n\n${USAGE}`);
  process.exit(2);
}

// The demo org shows a rep what Salesforce holds: one person in several records.
const options: EmulatorOptions = {
  port: numberOption('port', values.port),
  seed: numberOption('seed', values.seed),
  contacts: numberOption('contacts', values.contacts),
  leads: numberOption('leads', values.leads),
  personAccounts: numberOption('person-accounts', values['person-accounts']),
  businessAccounts: numberOption('business-accounts', values['business-accounts']),
  optedOutRate: numberOption('opted-out-rate', values['opted-out-rate']),
  personContacts: values['person-contacts'] === 'on',
  sameEmailRate: numberOption('same-email-rate', values['same-email-rate']),
  myDomain: values['my-domain'],
  maxVersion: values['max-version'],
  dailyApiLimit: numberOption('daily-api-limit', values['daily-api-limit']),
  accessTokenTtlMs: numberOption('token-ttl-ms', values['token-ttl-ms']),
  rotateRefreshTokens: values['rotate-refresh-tokens'],
  lightningRenderDelayMs: numberOption('render-delay-ms', values['render-delay-ms']),
  demoDuplicateRule: DEMO_PEOPLE.demoDuplicateRule,
  latency: values.latency ? MODELLED_LATENCY : undefined,
};

const emulator = await startEmulator(
  Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
);
const { samples } = emulator.org;
const lines = [
  `Salesforce org emulator listening on https://127.0.0.1:${emulator.port}`,
  `  My Domain:  https://${emulator.myDomainHost}   (login, API, OAuth, Classic)`,
  `  Lightning:  https://${emulator.lightningHost}`,
  `  Org Id ${emulator.orgId}, user Id ${emulator.userId}`,
  samples.contact && `  Contact (Ada Lovelace):  ${emulator.recordUrl(samples.contact)}`,
  samples.contact &&
    '    (a duplicate rule, "Allow" with an alert, matches her: updates need allowSave=true)',
  samples.lead && `  Lead (Alan Turing):      ${emulator.recordUrl(samples.lead)}`,
  samples.personAccount &&
    `  Person Account (Marie Curie): ${emulator.recordUrl(samples.personAccount)}`,
  samples.sameEmailLead &&
    `  Lead, Ada's address in capitals: ${emulator.recordUrl(samples.sameEmailLead)}`,
  samples.sameEmailPersonAccount &&
    `  Person Account, Alan's address:  ${emulator.recordUrl(samples.sameEmailPersonAccount)}`,
  samples.convertedLead &&
    `  Converted Lead (Grace Hopper):   ${emulator.recordUrl(samples.convertedLead)}`,
  samples.contact && `  Classic:                 ${emulator.recordUrl(samples.contact, 'classic')}`,
  `  Inspect:    curl -k https://127.0.0.1:${emulator.port}/__emulator/info`,
  '',
  'Chromium flags:',
  `  --host-resolver-rules=${emulator.hostResolverRules}`,
  '  --ignore-certificate-errors',
].filter((line): line is string => typeof line === 'string');
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
