// The ResidentialGateway sample's softphone: JsSIP over SIP-over-WebSocket (RFC 7118), WebRTC audio.
//
// Query options (for people and for the browser tests):
//   ?autoanswer=1    answer incoming calls at once
//   ?loopbackOnly=1  offer and answer only 127.0.0.1 ICE candidates (see sdp.js)
//   ?server=ws://…   prefill the server URL (default: the gateway's ws:// or wss:// listener, from /config.json)
//   ?user=alice&password=…&target=bob   prefill the fields
//   ?debug=1         JsSIP's own debug log in the browser console, and remote SDPs in the page's event log
//   ?video=1         calls and answers with the camera too (audio+video, one BUNDLE transport)
//
// Every state the page shows is also in data-* attributes, so tests read the DOM rather than the text:
//   #connection[data-state]    disconnected | connecting | connected | failed
//   #registration[data-state]  unregistered | registering | registered | unregistering | failed
//   #call[data-state]          idle | calling | ringing | incoming | answering | connected | ended | failed
//   #call[data-status]         the SIP status code of the last final response, when there was one
//   #call[data-offered-candidates]  the addresses of the ICE candidates in the SDP this page sent
//   #error[data-kind]          transport | registration | call (hidden when there is no error)
//   #stats[data-packets-sent|data-packets-received|data-bytes-sent|data-bytes-received|data-rtt (seconds)
//          |data-local-address|data-remote-address (the selected ICE pair, ip:port)|data-ice-state|data-dtls-state
//          |data-video-packets-sent|data-video-packets-received (video RTP, with ?video=1)]
//   #mute[data-muted]          true | false
import JsSIP from 'jssip';
import { candidateAddresses, keepLoopbackCandidates } from './sdp.js';
import { readStats } from './stats.js';

const params = new URLSearchParams(window.location.search);
const flag = name => ['1', 'true', 'yes'].includes((params.get(name) ?? '').toLowerCase());
const options = {
  autoAnswer: flag('autoanswer'),
  loopbackOnly: flag('loopbackOnly') || flag('loopbackonly'),
  debug: flag('debug'),
  video: flag('video'),
};

const element = id => document.getElementById(id);
const ui = {
  registerForm: element('register-form'),
  server: element('server'),
  servers: element('servers'),
  user: element('user'),
  password: element('password'),
  register: element('register'),
  unregister: element('unregister'),
  connection: element('connection'),
  registration: element('registration'),
  dialForm: element('dial-form'),
  target: element('target'),
  dial: element('dial'),
  answer: element('answer'),
  hangup: element('hangup'),
  mute: element('mute'),
  call: element('call'),
  peer: element('peer'),
  audio: element('remote-audio'),
  stats: element('stats'),
  error: element('error'),
  log: element('log'),
};

const mediaConstraints = { audio: true, video: options.video };
const pcConfig = { iceServers: [], rtcpMuxPolicy: 'require', bundlePolicy: 'max-bundle' };

let config = { servers: [], domain: null };
let ua = null;
let session = null;
let statsTimer = 0;

if (options.debug) JsSIP.debug.enable('JsSIP:*');
else JsSIP.debug.disable();

function log(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  ui.log.prepend(item);
  while (ui.log.childElementCount > 60) ui.log.lastElementChild.remove();
}

function setState(target, state, text) {
  target.dataset.state = state;
  target.textContent = text ?? state;
}

function showError(kind, text) {
  ui.error.dataset.kind = kind;
  ui.error.textContent = text;
  ui.error.hidden = false;
  log(text);
}

function clearError() {
  ui.error.hidden = true;
  ui.error.dataset.kind = '';
  ui.error.textContent = '';
}

function statusLine(message) {
  return message && typeof message.status_code === 'number' ? `${message.status_code} ${message.reason_phrase}` : null;
}

function domain() {
  if (config.domain) return config.domain;
  try {
    return new URL(ui.server.value.trim()).hostname;
  } catch {
    return window.location.hostname;
  }
}

function toUri(text) {
  const value = text.trim();
  if (/^sips?:/i.test(value)) return value;
  return value.includes('@') ? `sip:${value}` : `sip:${value}@${domain()}`;
}

async function loadConfig() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) config = await response.json();
    else log(`config.json: ${response.status} ${response.statusText}`);
  } catch (error) {
    log(`config.json unavailable: ${error.message}`);
  }

  for (const server of config.servers ?? []) {
    const option = document.createElement('option');
    option.value = server.url;
    option.label = server.transport;
    ui.servers.append(option);
  }

  // A page served over HTTPS may only open wss:// (mixed content); over HTTP either works, ws:// is the default.
  const preferred = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const fallback = (config.servers ?? []).find(s => s.transport === preferred) ?? (config.servers ?? [])[0];
  ui.server.value = params.get('server') ?? fallback?.url ?? '';
  ui.user.value = params.get('user') ?? '';
  ui.password.value = params.get('password') ?? '';
  ui.target.value = params.get('target') ?? '';
  document.body.dataset.ready = 'true';
  log(`ready${options.autoAnswer ? ', auto-answer' : ''}${options.loopbackOnly ? ', loopback ICE only' : ''}`);
}

function stopUa() {
  if (ua === null) return;
  const old = ua;
  ua = null;
  old.removeAllListeners();
  old.stop();
  setState(ui.connection, 'disconnected');
  setState(ui.registration, 'unregistered');
  ui.unregister.disabled = true;
}

function register(event) {
  event.preventDefault();
  clearError();
  stopUa();
  const server = ui.server.value.trim();
  const aor = toUri(ui.user.value);
  let socket;
  let agent;
  try {
    socket = new JsSIP.WebSocketInterface(server);
    const configuration = {
      sockets: [socket],
      uri: aor,
      register: true,
      register_expires: 300,
      session_timers: false,
      user_agent: 'Gateway WebPhone (JsSIP)',
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 30,
    };
    if (ui.password.value) configuration.password = ui.password.value;
    agent = new JsSIP.UA(configuration);
  } catch (error) {
    setState(ui.registration, 'failed');
    showError('registration', `Registration failed: invalid settings (${error.message})`);
    return;
  }

  ua = agent;
  const mine = handler => (...args) => {
    if (ua === agent) handler(...args);
  };

  agent.on('connecting', mine(() => setState(ui.connection, 'connecting')));
  agent.on('connected', mine(() => {
    setState(ui.connection, 'connected', `connected to ${server}`);
    if (ui.error.dataset.kind === 'transport') clearError();
  }));
  agent.on('disconnected', mine(e => {
    if (e.error) {
      setState(ui.connection, 'failed');
      showError('transport', `WebSocket connection to ${server} failed (refused, unreachable or closed${e.code ? `, code ${e.code}` : ''}); retrying`);
    } else {
      setState(ui.connection, 'disconnected');
    }

    if (ui.registration.dataset.state !== 'failed') setState(ui.registration, 'unregistered');
  }));
  agent.on('registered', mine(() => {
    setState(ui.registration, 'registered', `registered as ${aor}`);
    ui.unregister.disabled = false;
    if (ui.error.dataset.kind === 'registration') clearError();
    log(`registered ${aor}`);
  }));
  agent.on('unregistered', mine(() => {
    setState(ui.registration, 'unregistered');
    ui.unregister.disabled = true;
  }));
  agent.on('registrationFailed', mine(e => {
    setState(ui.registration, 'failed');
    ui.unregister.disabled = true;
    showError('registration', `Registration failed: ${statusLine(e.response) ?? e.cause}`);
  }));
  agent.on('newRTCSession', mine(e => onNewSession(e.session, e.originator)));

  setState(ui.registration, 'registering');
  log(`registering ${aor} at ${server}`);
  agent.start();
}

function unregister() {
  if (ua === null) return;
  const agent = ua;
  setState(ui.registration, 'unregistering');
  agent.once('unregistered', () => {
    if (ua === agent) stopUa();
    log('unregistered');
  });
  agent.unregister();
}

function resetCallButtons() {
  ui.dial.disabled = false;
  ui.answer.disabled = true;
  ui.hangup.disabled = true;
  ui.mute.disabled = true;
  ui.mute.dataset.muted = 'false';
  ui.mute.textContent = 'Mute';
}

function showStats(figures) {
  ui.stats.dataset.packetsSent = figures.packetsSent;
  ui.stats.dataset.packetsReceived = figures.packetsReceived;
  ui.stats.dataset.bytesSent = figures.bytesSent;
  ui.stats.dataset.bytesReceived = figures.bytesReceived;
  ui.stats.dataset.rtt = figures.rtt ?? '';
  ui.stats.dataset.localAddress = figures.local ?? '';
  ui.stats.dataset.remoteAddress = figures.remote ?? '';
  ui.stats.dataset.iceState = figures.iceState ?? '';
  ui.stats.dataset.dtlsState = figures.dtlsState ?? '';
  ui.stats.dataset.videoPacketsSent = figures.videoPacketsSent ?? 0;
  ui.stats.dataset.videoPacketsReceived = figures.videoPacketsReceived ?? 0;
  element('packets-sent').textContent = figures.packetsSent.toLocaleString();
  element('packets-received').textContent = figures.packetsReceived.toLocaleString();
  element('bytes-sent').textContent = figures.bytesSent.toLocaleString();
  element('bytes-received').textContent = figures.bytesReceived.toLocaleString();
  element('rtt').textContent = figures.rtt === null ? '–' : `${(figures.rtt * 1000).toFixed(1)} ms`;
  element('media-path').textContent = figures.local === null ? '–' : `${figures.local} ⇄ ${figures.remote}`;
}

function watchConnection(connection) {
  connection.addEventListener('track', e => {
    ui.audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
  });
  connection.addEventListener('iceconnectionstatechange', () => log(`ICE ${connection.iceConnectionState}`));
  window.clearInterval(statsTimer);
  statsTimer = window.setInterval(() => {
    readStats(connection).then(showStats, error => log(`getStats failed: ${error.message}`));
  }, 1000);
}

function endSession(state, text, status) {
  setState(ui.call, state, text);
  ui.call.dataset.status = status ?? '';
  session = null;
  window.clearInterval(statsTimer);
  statsTimer = 0;
  resetCallButtons();
}

function onNewSession(s, originator) {
  if (session !== null) {
    // One call at a time: a second incoming call gets 486.
    if (originator === 'remote') s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
    return;
  }

  session = s;
  showStats({ packetsSent: 0, bytesSent: 0, packetsReceived: 0, bytesReceived: 0, rtt: null, local: null, remote: null, iceState: null, dtlsState: null });
  const peer = s.remote_identity?.uri?.toString() ?? '';
  ui.peer.textContent = peer;
  ui.call.dataset.status = '';
  ui.call.dataset.offeredCandidates = '';
  ui.dial.disabled = true;
  ui.hangup.disabled = false;

  s.on('sdp', e => {
    if (e.originator !== 'local') {
      if (options.debug) log(`remote SDP (${e.type}):\n${e.sdp}`);
      return;
    }

    if (options.loopbackOnly) {
      const filtered = keepLoopbackCandidates(e.sdp);
      e.sdp = filtered.sdp;
      log(`local SDP: kept ${filtered.kept} loopback candidate(s), dropped ${filtered.dropped}`);
      if (filtered.kept === 0) log('no loopback ICE candidate: start Chromium with --allow-loopback-in-peer-connection');
    }

    ui.call.dataset.offeredCandidates = candidateAddresses(e.sdp);
  });
  s.on('peerconnection', e => watchConnection(e.peerconnection));
  s.on('peerconnection:setremotedescriptionfailed', e => log(`remote description refused: ${e?.message ?? e}`));
  if (s.connection) watchConnection(s.connection);

  s.on('progress', e => {
    if (originator === 'local') setState(ui.call, 'ringing', `ringing (${statusLine(e.response) ?? 'progress'})`);
  });
  s.on('accepted', () => setState(ui.call, 'answering', 'answered'));
  s.on('confirmed', () => {
    setState(ui.call, 'connected', `connected with ${peer}`);
    ui.mute.disabled = false;
    ui.answer.disabled = true;
  });
  s.on('ended', e => {
    endSession('ended', `ended (${e.originator === 'local' ? 'hung up' : e.cause})`, '');
    log(`call ended: ${e.cause}`);
  });
  s.on('failed', e => {
    const line = e.originator === 'remote' ? statusLine(e.message) : null;
    const status = line === null ? '' : String(e.message.status_code);
    endSession('failed', `failed (${line ?? e.cause})`, status);
    log(`call failed: ${e.cause}`);
    showError('call', `Call failed: ${line ?? e.cause}`);
  });
  s.on('muted', () => {
    ui.mute.dataset.muted = 'true';
    ui.mute.textContent = 'Unmute';
  });
  s.on('unmuted', () => {
    ui.mute.dataset.muted = 'false';
    ui.mute.textContent = 'Mute';
  });

  if (originator === 'local') {
    setState(ui.call, 'calling', `calling ${peer}`);
    return;
  }

  setState(ui.call, 'incoming', `incoming call from ${peer}`);
  ui.answer.disabled = false;
  log(`incoming call from ${peer}`);
  if (options.autoAnswer) answer();
}

function dial(event) {
  event.preventDefault();
  if (ua === null) {
    showError('call', 'Call failed: register first');
    return;
  }

  if (session !== null) return;
  clearError();
  const target = toUri(ui.target.value);
  try {
    ua.call(target, { mediaConstraints, pcConfig, rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: options.video } });
  } catch (error) {
    endSession('failed', `failed (${error.message})`, '');
    showError('call', `Call failed: ${error.message}`);
  }
}

function answer() {
  if (session === null || session.direction !== 'incoming') return;
  ui.answer.disabled = true;
  setState(ui.call, 'answering');
  session.answer({ mediaConstraints, pcConfig });
}

function hangup() {
  if (session === null) return;
  session.terminate();
}

function toggleMute() {
  if (session === null) return;
  if (session.isMuted().audio) session.unmute({ audio: true });
  else session.mute({ audio: true });
}

ui.registerForm.addEventListener('submit', register);
ui.unregister.addEventListener('click', unregister);
ui.dialForm.addEventListener('submit', dial);
ui.answer.addEventListener('click', answer);
ui.hangup.addEventListener('click', hangup);
ui.mute.addEventListener('click', toggleMute);
window.addEventListener('beforeunload', () => {
  if (ua !== null) ua.stop();
});
resetCallButtons();
window.webphone = { options, get ua() { return ua; }, get session() { return session; } };
loadConfig();
