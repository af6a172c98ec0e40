// A second-generation function reporting every schedule tick to the test's recorder (RECORDER_URL is replaced).
const RECORDER_URL = 'RECORDER_URL';
const DELAY_MS = Number('DELAY_MS');

exports.handlerSchedule = async (context) => {
  await fetch(RECORDER_URL, {
    method: 'POST',
    body: JSON.stringify({
      name: context.name,
      scheduledAt: context.scheduledAt.getTime(),
      cron: context.cron,
      timezone: context.timezone,
      pid: process.pid,
    }),
  });
  if (DELAY_MS > 0) await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
};
