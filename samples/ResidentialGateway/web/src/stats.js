// Reads the live media figures the page shows from RTCPeerConnection.getStats().

/**
 * Sums the audio RTP streams of a peer connection (video packets apart): packets and bytes sent and received, the round-trip time in
 * seconds (from RTCP receiver reports when the far end sends them, else from the selected ICE pair's STUN checks;
 * null when neither is known yet), the selected ICE pair's local and remote address ("ip:port", or null) and the transport's ICE and DTLS states.
 */
export async function readStats(connection) {
  const report = await connection.getStats();
  const figures = { packetsSent: 0, bytesSent: 0, packetsReceived: 0, bytesReceived: 0, videoPacketsSent: 0, videoPacketsReceived: 0, rtt: null, local: null, remote: null, iceState: null, dtlsState: null };
  let rtcpRtt = null;
  let iceRtt = null;
  let selectedPair = null;
  report.forEach(stat => {
    switch (stat.type) {
      case 'outbound-rtp':
        if (stat.kind === 'audio') {
          figures.packetsSent += stat.packetsSent ?? 0;
          figures.bytesSent += stat.bytesSent ?? 0;
        } else if (stat.kind === 'video') {
          figures.videoPacketsSent += stat.packetsSent ?? 0;
        }
        break;
      case 'inbound-rtp':
        if (stat.kind === 'audio') {
          figures.packetsReceived += stat.packetsReceived ?? 0;
          figures.bytesReceived += stat.bytesReceived ?? 0;
        } else if (stat.kind === 'video') {
          figures.videoPacketsReceived += stat.packetsReceived ?? 0;
        }
        break;
      case 'remote-inbound-rtp':
        if (typeof stat.roundTripTime === 'number') rtcpRtt = stat.roundTripTime;
        break;
      case 'candidate-pair':
        if (stat.nominated && stat.state === 'succeeded' && typeof stat.currentRoundTripTime === 'number') iceRtt = stat.currentRoundTripTime;
        break;
      case 'transport':
        if (stat.iceState) figures.iceState = stat.iceState;
        if (stat.dtlsState) figures.dtlsState = stat.dtlsState;
        if (stat.selectedCandidatePairId) selectedPair = report.get(stat.selectedCandidatePairId) ?? null;
        break;
      default:
        break;
    }
  });
  figures.rtt = rtcpRtt ?? iceRtt;
  if (selectedPair !== null) {
    figures.local = address(report.get(selectedPair.localCandidateId));
    figures.remote = address(report.get(selectedPair.remoteCandidateId));
  }

  return figures;
}

// "ip:port" of an ICE candidate; a peer-reflexive remote candidate's address is hidden by the browser (the far end
// checked from an address it did not offer), so it reads "prflx".
function address(candidate) {
  if (!candidate) return null;
  if (!candidate.address) return candidate.candidateType === 'prflx' ? 'prflx' : null;
  return candidate.address.includes(':') ? `[${candidate.address}]:${candidate.port}` : `${candidate.address}:${candidate.port}`;
}
