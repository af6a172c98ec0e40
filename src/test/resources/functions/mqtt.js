// A first-generation function for the MQTT tests: echoes every message to out/<topic> and reports it (RECORDER_URL).
const RECORDER_URL = 'RECORDER_URL';

module.exports.handler = async (request, response, context) => {
  if (request.type() !== 'mqtt') return response.text('not mqtt');
  const text = request.text();
  const sent = await context.publish('out/' + request.topic(), text);
  if (RECORDER_URL.startsWith('http')) {
    await fetch(RECORDER_URL, {
      method: 'POST',
      body: JSON.stringify({ topic: request.topic(), text, name: request.name(), published: sent }),
    });
  }
};
