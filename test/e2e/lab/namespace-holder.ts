/**
 * Test helper for lab.test.ts: creates a lab namespace, prints its name and waits to be killed, so the
 * test can check that the exit and signal hooks of namespace.ts remove it when a run is interrupted.
 */
import { createNamespace, newNamespaceName } from './namespace.js';
import { LAB_DNS_IPV4 } from './plan.js';

const name = newNamespaceName();
createNamespace(name, { loopbackAddresses: ['192.0.2.1'], unreachableRoutes: [], nameserver: LAB_DNS_IPV4 });
process.stdout.write(`${name}\n`);
// Stay alive until a signal arrives.
setInterval(() => {}, 60_000);
