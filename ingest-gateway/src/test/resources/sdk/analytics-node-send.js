// Sends events with the real @segment/analytics-node SDK, unmodified except for `host`.
// Usage: node analytics-node-send.js <host> <writeKey> <count> <runId>
// Every event gets messageId `<runId>-<i>` so the test can find it in Kafka. Prints one JSON line
// with the delivery outcome and exits 0 only when the SDK reports every event delivered (a 2xx).
const { Analytics } = require('@segment/analytics-node');

const [host, writeKey, countArg, runId] = process.argv.slice(2);
const count = Number(countArg);
const analytics = new Analytics({ writeKey, host, maxEventsInBatch: 20, flushInterval: 200, maxRetries: 3 });

let delivered = 0;
const failures = [];
const done = (err) => (err ? failures.push(String(err && (err.message || err))) : delivered++);

for (let i = 0; i < count; i++) {
  const common = {
    messageId: `${runId}-${i}`,
    anonymousId: `node-anon-${i % 5}`,
    timestamp: new Date(Date.now() - 60000),
    context: { app: { name: 'node-sdk-test', version: '1.2.3' } },
  };
  switch (i % 3) {
    case 0:
      analytics.track({ ...common, event: 'Order Completed', properties: { index: i, runId, revenue: 9.99, currency: 'EUR' } }, done);
      break;
    case 1:
      analytics.page({ ...common, name: 'Pricing', properties: { index: i, runId, path: '/pricing' } }, done);
      break;
    default:
      analytics.identify({ ...common, userId: `user-${i}`, traits: { index: i, runId, plan: 'pro' } }, done);
  }
}

analytics.closeAndFlush({ timeout: 30000 }).then(() => {
  console.log(JSON.stringify({ delivered, failures }));
  process.exit(failures.length === 0 && delivered === count ? 0 : 1);
});
