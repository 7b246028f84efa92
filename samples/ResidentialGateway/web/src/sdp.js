// Keeps a local SDP's ICE candidates on loopback (the page's ?loopbackOnly=1 test option).
//
// JsSIP does not trickle ICE: it waits for candidate gathering to finish and then sends the whole local
// description. Its 'icecandidate' hook can only end gathering early; the 'sdp' hook (originator 'local') is where
// the SDP that leaves the browser can be changed, so the filtering happens there: every a=candidate line whose
// connection address is not 127.0.0.1 is dropped (IPv6 ::1 too: the relay's loopback is IPv4), and each media
// section's c= line and port are moved to its first 127.0.0.1 UDP host candidate. Chromium gathers loopback
// candidates only when started with --allow-loopback-in-peer-connection. The far end then has only 127.0.0.1 to
// send to, so every ICE pair that can succeed, and the media, stay on loopback.

const loopback = new Set(['127.0.0.1']);

/**
 * Returns the candidate's connection address, or null when the line is not an a=candidate line.
 * a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
 */
function candidateAddress(line) {
  if (!line.startsWith('a=candidate:')) return null;
  const parts = line.split(' ');
  return parts.length > 5 ? { component: parts[1], transport: parts[2].toLowerCase(), address: parts[4], port: parts[5] } : null;
}

/** The distinct connection addresses of an SDP's a=candidate lines, sorted, space-separated. */
export function candidateAddresses(sdp) {
  const addresses = new Set();
  for (const line of sdp.split(/\r?\n/)) {
    const candidate = candidateAddress(line);
    if (candidate !== null) addresses.add(candidate.address);
  }

  return [...addresses].sort().join(' ');
}

/** Removes every candidate but 127.0.0.1's from an SDP; returns the SDP and how many candidates were kept and dropped. */
export function keepLoopbackCandidates(sdp) {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const sections = [];
  let current = { lines: [] };
  sections.push(current);
  for (const line of lines) {
    if (line.startsWith('m=')) {
      current = { lines: [] };
      sections.push(current);
    }
    current.lines.push(line);
  }

  let kept = 0;
  let dropped = 0;
  for (const section of sections) {
    const out = [];
    let first = null;
    for (const line of section.lines) {
      const candidate = candidateAddress(line);
      if (candidate === null) {
        out.push(line);
      } else if (loopback.has(candidate.address)) {
        kept++;
        if (first === null && candidate.component === '1' && candidate.transport === 'udp') first = candidate;
        out.push(line);
      } else {
        dropped++;
      }
    }

    if (first !== null) {
      for (let i = 0; i < out.length; i++) {
        if (out[i].startsWith('c=')) out[i] = `c=IN IP4 ${first.address}`;
        else if (out[i].startsWith('m=')) {
          const fields = out[i].split(' ');
          fields[1] = first.port;
          out[i] = fields.join(' ');
        }
      }
    }

    section.lines = out;
  }

  return { sdp: sections.flatMap(s => s.lines).join(eol), kept, dropped };
}
