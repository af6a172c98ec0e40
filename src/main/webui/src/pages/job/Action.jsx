import { api, seg } from '../../api.js';
import { useSession } from '../../session.js';
import { Empty, ErrorBox, Loading } from '../../ui/components.jsx';
import { useAsync } from '../../ui/hooks.js';

const seconds = (zero) => (n) => (n === 0 ? zero : `${n} s${n >= 120 ? ` (${minutes(n)})` : ''}`);
const minutes = (n) => (n % 60 === 0 ? `${n / 60} min` : `${Math.floor(n / 60)} min ${n % 60} s`);
const runners = (n) => `${n} runner${n === 1 ? '' : 's'}`;

/** Each setting of the active version's action: its label, how its value reads, what it means (SPEC §2, §6). */
const SETTINGS = [
  ['runnerMode', 'Mode', (v) => (v === 'run-once' ? 'run-once (a fresh container per request)' : `${v} (pooled runners)`)],
  ['runnerMinCount', 'Minimum runners', (n) => `${runners(n)} kept warm`],
  ['runnerMaxCount', 'Maximum runners', (n, a) => (n === 0 && a.runnerMode === 'run-once' ? 'unlimited' : runners(n))],
  ['runnerAsynchronous', 'Concurrent requests per runner', (v) => (v ? 'yes, several at once' : 'no, one at a time')],
  ['runnerTimeout', 'Request timeout', seconds('none')],
  ['runnerMaxIdleAge', 'Retire when idle for', seconds('never')],
  ['runnerMaxAge', 'Retire gracefully after', seconds('never')],
  ['runnerMaxAgeHard', 'Stop forcefully after', seconds('never')],
];

/** Which docker argument kinds this instance applies (the others are stored and ignored). */
const DOCKER_FEATURES = {
  volumes: 'actionDockerArgumentVolumesEnabled',
  networks: 'actionDockerArgumentNetworksEnabled',
  labels: 'actionDockerArgumentLabelsEnabled',
  memoryLimit: 'actionDockerArgumentMemoryLimitEnabled',
  directPassthroughArguments: 'actionDockerArgumentDirectPassthroughEnabled',
};

/** The active version's action: how its runners are started, scaled and retired. */
export function Action({ jobId }) {
  const actions = useAsync((signal) => api(`job/${seg(jobId)}/actions:current`, { signal }), [jobId]);
  const action = actions.data?.[0];
  return (
    <>
      <h2>Runner settings{action?.version && <span class="muted"> of version {action.version}</span>}</h2>
      <ErrorBox error={actions.error} title="The action could not be loaded" />
      {actions.data === undefined ? (actions.error ? null : <Loading />) : !action ? (
        <Empty>This job has no active version.</Empty>
      ) : (
        <>
          <dl class="settings">
            {SETTINGS.map(([key, label, format]) => (
              <div key={key}>
                <dt>{label} <code class="hide-narrow">{key}</code></dt>
                <dd>{action[key] == null ? <span class="muted">—</span> : format(action[key], action)}</dd>
              </div>
            ))}
          </dl>
          <DockerArguments args={action.runnerDockerArguments} />
        </>
      )}
    </>
  );
}

function DockerArguments({ args }) {
  const session = useSession();
  const kinds = Object.keys(args || {}).filter((k) => args[k] != null);
  return (
    <>
      <h3>Docker arguments <code class="hide-narrow">runnerDockerArguments</code></h3>
      {kinds.length === 0 ? <Empty>None.</Empty> : (
        <dl class="settings">
          {kinds.map((kind) => {
            const feature = DOCKER_FEATURES[kind];
            const applied = feature ? session.config?.features?.[feature] : false;
            return (
              <div key={kind}>
                <dt>{kind} {!applied && <span class="muted">(not applied on this instance)</span>}</dt>
                <dd><pre class="compact">{JSON.stringify(args[kind], null, 2)}</pre></dd>
              </div>
            );
          })}
        </dl>
      )}
    </>
  );
}
