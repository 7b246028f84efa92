// Keeps a local SDP's ICE candidates on loopback (the page's ?loopbackOnly=1 test option).
//
// JsSIP does not trickle ICE: it waits for candidate gathering to finish and then sends the whole local
// description. Its 'icecandidate' hook can only end gathering early; the 'sdp' hook (originator 'local') is where
// the SDP that leaves the browser can be changed, so the filtering happens there: every a=candidate line whose
// connection address is not a loopback address is dropped, and each media section's c= line and port are moved to
// its first loopback host candidate. Chromium gathers loopback candidates only when started with
// --allow-loopback-in-peer-connection.

const loopback = new Set(['127.0.0.1', '::1']);

/**
 * Returns the candidate's connection address, or null when the line is not an a=candidate line.
 * a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
 */
function candidateAddress(line) {
  if (!line.startsWith('a=candidate:')) return null;
  const parts = line.split(' ');
  return parts.length > 5 ? { component: parts[1], transport: parts[2].toLowerCase(), address: parts[4], port: parts[5] } : null;
}

/** Removes non-loopback candidates from an SDP; returns the SDP and how many candidates were kept and dropped. */
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
      const family = first.address.includes(':') ? 'IP6' : 'IP4';
      for (let i = 0; i < out.length; i++) {
        if (out[i].startsWith('c=')) out[i] = `c=IN ${family} ${first.address}`;
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
