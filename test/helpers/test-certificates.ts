import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

/** Certificates made at test time with the system's `openssl` (3.0 has no `-not_after`, so `openssl ca` dates them). */
export interface TestCertificates {
  /** A CA, `CN=eyeball test CA`. */
  readonly ca: KeyPair;
  /** Issued by `ca` for localhost, 127.0.0.1 and ::1, valid 30 days from now. */
  readonly leaf: KeyPair;
  /** The same names, issued by `ca`, valid only in January 2020. */
  readonly expired: KeyPair;
  /** Self-signed for localhost, 127.0.0.1 and ::1, valid 30 days. */
  readonly selfSigned: KeyPair;
  /** Removes the files. */
  remove(): Promise<void>;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = leaf
unique_subject = no
[any]
commonName = supplied
[leaf]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
extendedKeyUsage = serverAuth
`;

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Makes a CA, a leaf, an expired leaf and a self-signed certificate in a temporary directory. */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'eyeball-tls-'));
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await writeFile(join(dir, 'ca.cnf'), CA_CONFIG);
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '01\n');
  const san = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';
  await Promise.all([
    openssl(
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      '/CN=eyeball test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ),
    openssl('req', '-new', ...EC_KEY, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost'),
    openssl('req', '-x509', ...EC_KEY, '-keyout', 'self.key', '-out', 'self.pem', '-days', '30', '-subj', '/CN=localhost', '-addext', san),
  ]);
  const sign = (out: string, ...dates: string[]) =>
    openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-out', out, '-notext', ...dates);
  // One at a time: `openssl ca` updates its database files.
  await sign('leaf.pem', '-days', '30');
  await sign('expired.pem', '-startdate', '20200101000000Z', '-enddate', '20200201000000Z');
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const pair = async (cert: string, key: string): Promise<KeyPair> => ({ cert: await read(cert), key: await read(key) });
  return {
    ca: await pair('ca.pem', 'ca.key'),
    leaf: await pair('leaf.pem', 'leaf.key'),
    expired: await pair('expired.pem', 'leaf.key'),
    selfSigned: await pair('self.pem', 'self.key'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Makes the certificates once for a test file (beforeAll) and removes them after it (afterAll). */
export function useTestCertificates(): Omit<TestCertificates, 'remove'> {
  const certificates = {} as TestCertificates;
  beforeAll(async () => {
    Object.assign(certificates, await makeTestCertificates());
  });
  afterAll(async () => {
    await certificates.remove();
  });
  return certificates;
}
