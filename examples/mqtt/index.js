// examples/temperature/<sensor> carries a number in °C; the last value per sensor goes to the store, and readings
// above the limit are published to examples/alerts/<sensor>.
const LIMIT = Number(process.env.ALERT_ABOVE ?? 30);

export async function handlerMqtt({ topic, text, publish }) {
  const sensor = topic.split('/').pop();
  const celsius = Number(text);
  if (!Number.isFinite(celsius)) {
    console.warn(`ignored ${JSON.stringify(text)} from ${sensor}: not a number`);
    return;
  }
  await globalThis.jobber.setStoreJson(`temperature:${sensor}`, { celsius, at: new Date().toISOString() });
  if (celsius > LIMIT) {
    await publish(`examples/alerts/${sensor}`, { sensor, celsius, limit: LIMIT });
  }
}
