// The soak job: every event logs a line; HTTP calls use the store; MQTT messages are echoed to soak/ack; each
// one-second schedule tick writes the store and reports its instant on soak/tick.
const version = require('./package.json').version;
let served = 0;

exports.handlerHttp = async (context) => {
  const { request, response } = context;
  const n = Number(request.query('n') ?? 0);
  const op = request.path.split('/')[2] || 'get';
  const key = `k${n % 50}`;
  let value;
  if (op === 'set') {
    value = `v${n}`;
    await jobber.setStore(key, value, { ttl: 600 });
  } else if (op === 'del') {
    value = await jobber.deleteStore(key);
  } else {
    value = await jobber.getStore(key);
  }
  served += 1;
  console.log(`http ${op} ${key} n=${n} served=${served}`);
  response.json({ ok: true, op, key, version, served });
};

exports.handlerMqtt = async (context) => {
  console.log(`mqtt ${context.topic} ${context.text}`);
  await context.publish('soak/ack', context.text);
};

exports.handlerSchedule = async (context) => {
  const at = context.scheduledAt.getTime();
  await jobber.setStore('tick', String(at));
  console.log(`tick ${at}`);
  await context.publish('soak/tick', String(at));
};
