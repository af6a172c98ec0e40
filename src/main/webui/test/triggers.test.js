// How the job page shows triggers: gateway URLs of HTTP routes, MQTT brokers, status tones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayBase, httpRoute, mqttBroker, triggerTone } from '../src/pages/job/triggers.js';

const page = { protocol: 'http:', hostname: 'jobs.example' };

test('the gateway is the configured public URL, else this host on the gateway port', () => {
  assert.equal(gatewayBase({ gatewayUrl: 'https://gw.example/' }, page), 'https://gw.example');
  assert.equal(gatewayBase({ gatewayUrl: null, gatewayPort: 3101 }, page), 'http://jobs.example:3101');
  assert.equal(gatewayBase({}, page), 'http://jobs.example:3001');
});

test('a literal path is a URL on the gateway; a regex path is not', () => {
  const base = 'http://jobs.example:3001';
  assert.deepEqual(httpRoute({ type: 'http', method: 'get', path: '/hello' }, base),
    { method: 'GET', path: '/hello', regex: false, hostname: null, url: 'http://jobs.example:3001/hello' });
  const regex = httpRoute({ type: 'http', path: '^/items/[0-9]+' }, base);
  assert.equal(regex.regex, true);
  assert.equal(regex.url, null);
  assert.equal(regex.method, 'ANY');
});

test('paths are encoded so the gateway decodes them back; any path is the root; a hostname is used', () => {
  const base = 'https://gw.example';
  assert.equal(httpRoute({ path: '/a b/ü?x#y' }, base).url, 'https://gw.example/a%20b/%C3%BC%3Fx%23y');
  assert.equal(httpRoute({ path: null }, base).url, 'https://gw.example/');
  assert.equal(httpRoute({ path: '/x', hostname: 'api.example:8080' }, base).url, 'https://api.example:8080/x');
});

test('an MQTT broker reads from values or variables, with the protocol default port and no password', () => {
  assert.equal(mqttBroker({ protocol: 'mqtts', host: 'broker', password: 'secret' }), 'mqtts://broker:8883');
  assert.equal(mqttBroker({ hostVariable: 'MQTT_HOST', portVariable: 'MQTT_PORT', usernameVariable: 'U' }),
    'mqtt://$U@$MQTT_HOST:$MQTT_PORT');
  assert.equal(mqttBroker({ protocol: 'ws', host: 'b', port: '9001' }), 'ws://b:9001');
});

test('status tones', () => {
  assert.equal(triggerTone('healthy'), 'ok');
  assert.equal(triggerTone('unhealthy'), 'bad');
  assert.equal(triggerTone('unknown'), 'muted');
});
