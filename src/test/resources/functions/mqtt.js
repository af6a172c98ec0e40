// A first-generation function for the MQTT tests: echoes every message to out/<topic> and reports it (RECORDER_URL).
// A message starting with "crash" is reported as an attempt, then takes its runner down before it is handled; one
// starting with "hold" is reported as an attempt, then handled once the recorder releases it.
const RECORDER_URL = 'RECORDER_URL';

async function report(body) {
  if (RECORDER_URL.startsWith('http')) {
    await fetch(RECORDER_URL, { method: 'POST', body: JSON.stringify(body) });
  }
}

async function released() {
  const answer = await fetch(new URL('/released', RECORDER_URL));
  return (await answer.text()) === 'true';
}

module.exports.handler = async (request, response, context) => {
  if (request.type() !== 'mqtt') return response.text('not mqtt');
  const text = request.text();
  if (text.startsWith('crash') || text.startsWith('hold')) {
    await report({ topic: request.topic(), text, attempt: true });
  }
  if (text.startsWith('crash')) process.exit(1);
  if (text.startsWith('hold')) {
    while (!(await released())) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const sent = await context.publish('out/' + request.topic(), text);
  await report({ topic: request.topic(), text, name: request.name(), published: sent });
};
