/**
 * Fixtures shared by the FSM tests (and usable by the speaker's tests): a configuration with short timers, a valid
 * peer OPEN, a driver that walks the FSM into any state, and a compact text form of actions for table tests.
 */
import { makeFsmConfig } from './config.js';
import { initialFsmState, step } from './step.js';
import type { FsmAction, FsmConfig, FsmEvent, FsmState, FsmStateName, PeerOpen } from './types.js';

export const LOCAL_ID = 0x0a00_0001; // 10.0.0.1
export const PEER_ID = 0x0a00_0002; // 10.0.0.2

export const testConfig: FsmConfig = makeFsmConfig({
  localAs: 65001,
  bgpId: LOCAL_ID,
  peerAs: 65002,
  holdTimeSec: 9,
  keepaliveTimeSec: 3,
  connectRetryTimeSec: 5,
  families: [{ afi: 2, safi: 1 }],
});

export function peerOpen(overrides: Partial<PeerOpen> = {}): PeerOpen {
  return {
    version: 4,
    myAs: 65002,
    holdTimeSec: 30,
    bgpId: PEER_ID,
    capabilities: [
      { kind: 'multiprotocol', afi: 2, safi: 1 },
      { kind: 'fourOctetAs', asn: 65002 },
      { kind: 'routeRefresh' },
    ],
    ...overrides,
  };
}

/** Applies events in order from `state`, collecting every action. */
export function run(
  events: readonly FsmEvent[],
  config: FsmConfig = testConfig,
  state: FsmState = initialFsmState(config),
): { state: FsmState; actions: FsmAction[] } {
  const actions: FsmAction[] = [];
  for (const event of events) {
    const result = step(state, event, config);
    state = result.state;
    actions.push(...result.actions);
  }
  return { state, actions };
}

const PATHS: Record<FsmStateName, readonly FsmEvent[]> = {
  Idle: [],
  Connect: [{ type: 'ManualStart' }],
  Active: [{ type: 'ManualStart_with_PassiveTcpEstablishment' }],
  OpenSent: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }],
  OpenConfirm: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: peerOpen() }],
  Established: [
    { type: 'ManualStart' },
    { type: 'Tcp_CR_Acked' },
    { type: 'BGPOpen', open: peerOpen() },
    { type: 'KeepAliveMsg' },
  ],
};

/** The state reached the ordinary way (ManualStart, our connect succeeds, OPEN, KEEPALIVE). */
export function reach(name: FsmStateName, config: FsmConfig = testConfig): FsmState {
  const { state } = run(PATHS[name], config);
  if (state.name !== name) throw new Error(`fixture did not reach ${name}`);
  return state;
}

/** "startTimer:hold:9000", "sendNotification:6/2", "connect", ... */
export function formatAction(action: FsmAction): string {
  switch (action.type) {
    case 'startTimer':
      return `startTimer:${action.timer}:${action.durationMs}`;
    case 'stopTimer':
      return `stopTimer:${action.timer}`;
    case 'sendNotification':
      return `sendNotification:${action.code}/${action.subcode}`;
    case 'sessionDown':
      return `sessionDown:${action.reason.kind}`;
    case 'established':
      return `established:hold=${action.negotiated.holdTimeSec}`;
    case 'processUpdate':
      return 'processUpdate';
    case 'connect':
    case 'dropConnection':
    case 'sendOpen':
    case 'sendKeepalive':
      return action.type;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/** One event of every type (parameterised ones with typical values). */
export const ALL_EVENTS: readonly FsmEvent[] = [
  { type: 'ManualStart' },
  { type: 'ManualStop' },
  { type: 'AutomaticStart' },
  { type: 'ManualStart_with_PassiveTcpEstablishment' },
  { type: 'AutomaticStart_with_PassiveTcpEstablishment' },
  { type: 'AutomaticStop' },
  { type: 'ConnectRetryTimer_Expires' },
  { type: 'HoldTimer_Expires' },
  { type: 'KeepaliveTimer_Expires' },
  { type: 'IdleHoldTimer_Expires' },
  { type: 'IdleHoldResetTimer_Expires' },
  { type: 'Tcp_CR_Acked' },
  { type: 'TcpConnectionConfirmed' },
  { type: 'TcpConnectionFails' },
  { type: 'BGPOpen', open: peerOpen() },
  { type: 'BGPHeaderErr', code: 1, subcode: 2, data: new Uint8Array(0) },
  { type: 'BGPOpenMsgErr', code: 2, subcode: 4, data: new Uint8Array(0) },
  { type: 'OpenCollisionDump' },
  { type: 'NotifMsg', code: 6, subcode: 2 },
  { type: 'KeepAliveMsg' },
  { type: 'UpdateMsg', update: { id: 1 } },
  { type: 'UpdateMsgErr', code: 3, subcode: 1, data: new Uint8Array(0) },
  { type: 'RouteRefreshMsg' },
];

export function eventOf(type: FsmEvent['type']): FsmEvent {
  const found = ALL_EVENTS.find((e) => e.type === type);
  if (found === undefined) throw new Error(`no fixture event ${type}`);
  return found;
}
