// Sends events with the real @rudderstack/rudder-sdk-node SDK (gzip on, its default, which labels
// the gzipped JSON `application/x-www-form-urlencoded`).
// Usage: node rudder-node-send.js <dataPlaneUrl> <writeKey> <count> <runId>
// Exits 0 only when the SDK's callbacks report every event delivered.
const Analytics = require('@rudderstack/rudder-sdk-node');

const [dataPlaneUrl, writeKey, countArg, runId] = process.argv.slice(2);
const count = Number(countArg);
const client = new Analytics(writeKey, { dataPlaneUrl, flushAt: 10, flushInterval: 200, retryCount: 2, logLevel: 'error' });

let settled = 0;
let delivered = 0;
const failures = [];
const finish = () => {
  console.log(JSON.stringify({ delivered, failures }));
  process.exit(failures.length === 0 && delivered === count ? 0 : 1);
};
const done = (err) => {
  if (err) failures.push(String(err && (err.message || err)));
  else delivered++;
  if (++settled === count) finish();
};

for (let i = 0; i < count; i++) {
  client.track({
    messageId: `${runId}-${i}`,
    anonymousId: `rudder-anon-${i % 4}`,
    event: 'Song Played',
    properties: { index: i, runId, genre: 'jazz' },
  }, done);
}
client.flush().catch((err) => failures.push(String(err)));
setTimeout(() => { failures.push('timed out waiting for callbacks'); finish(); }, 30000).unref();
