// Counts MQTT messages and reports when the expected number arrived; reports each schedule tick's lateness.
let received = 0;

exports.handlerSchedule = async (context) => {
  await context.publish('bench/lateness', String(Date.now() - context.scheduledAt.getTime()));
};

exports.handler = async (request, response, context) => {
  received += 1;
  if (received === Number(request.text())) {
    await context.publish('bench/done', String(received));
    received = 0;
  }
};
