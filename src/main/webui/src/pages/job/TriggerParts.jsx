import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg } from '../../api.js';
import { Badge, CopyButton } from '../../ui/components.jsx';
import { useInterval } from '../../ui/hooks.js';
import { httpRoute, mqttBroker, triggerTone } from './triggers.js';

/**
 * The live status of `triggers` (GET …/triggers/:id/status every `ms`, starting from the status each trigger came
 * with); returns statusOf(trigger) → {status, message}. Pass only the triggers on screen.
 */
export function useTriggerStatuses(jobId, triggers, ms = 5000) {
  const [statuses, setStatuses] = useState({});
  const inFlight = useRef(false);
  const alive = useRef(true);
  useEffect(() => () => {
    alive.current = false;
  }, []);
  const poll = async () => {
    if (inFlight.current || !triggers?.length) return;
    inFlight.current = true;
    try {
      const entries = await Promise.all(triggers.map((t) => api(`job/${seg(jobId)}/triggers/${seg(t.id)}/status`).then(
        (status) => [t.id, status],
        (e) => [t.id, { status: 'unknown', message: `Status not available: ${e.message}` }],
      )));
      if (alive.current) setStatuses((old) => ({ ...old, ...Object.fromEntries(entries) }));
    } finally {
      inFlight.current = false;
    }
  };
  useInterval(poll, ms);
  return (trigger) => statuses[trigger.id] || trigger.status || { status: 'unknown', message: '' };
}

/** A trigger status as a badge and its message. */
export function TriggerStatus({ status }) {
  return (
    <span class="trigger-status">
      <Badge tone={triggerTone(status?.status)}>{status?.status || 'unknown'}</Badge>
      {status?.message && <span class="muted"> {status.message}</span>}
    </span>
  );
}

/** What a trigger reacts to: an HTTP route (a link on the gateway where a browser can follow it), a schedule, topics. */
export function TriggerDetails({ context = {}, base }) {
  if (context.type === 'http') return <HttpRoute route={httpRoute(context, base)} base={base} />;
  if (context.type === 'schedule') {
    return <span><code>{context.cron}</code> <span class="muted">{context.timezone || 'server time zone'}</span></span>;
  }
  if (context.type === 'mqtt') {
    return (
      <span>
        {(context.topics || []).map((topic) => <code key={topic} class="topic">{topic}</code>)}
        <span class="muted"> on {mqttBroker(context.connection)}</span>
      </span>
    );
  }
  return <code>{JSON.stringify(context)}</code>;
}

function HttpRoute({ route, base }) {
  // A browser follows a link with GET, so only routes that answer GET are links; the others can be copied.
  const followable = route.url && ['ANY', 'GET', 'HEAD'].includes(route.method);
  return (
    <span>
      <Badge>{route.method === 'ANY' ? 'any method' : route.method}</Badge>{' '}
      {route.regex ? (
        <span><code>{base}</code> + a path matching <code>{route.path}</code></span>
      ) : followable ? (
        <a href={route.url} target="_blank" rel="noopener noreferrer" class="mono">{route.url}</a>
      ) : (
        <><code>{route.url}</code> <CopyButton text={route.url} label="Copy URL" /></>
      )}
      {route.path === null && <span class="muted"> (any path)</span>}
      {route.hostname && <span class="muted"> (Host {route.hostname})</span>}
    </span>
  );
}
