using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Relay.Legs;

/// <summary>
/// One socket of a leg and its receive loop: <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, SocketAddress, CancellationToken)"/>
/// into a buffer and a <see cref="SocketAddress"/> owned by the loop (nothing allocated per datagram), each datagram
/// handed to <see cref="UdpMediaLeg"/> synchronously before the next receive. Disposing the socket ends the loop.
/// </summary>
internal sealed class MediaLegSocket
{
    private const int MaxConsecutiveFailures = 64;
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(50);
    private readonly UdpMediaLeg _leg;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(MediaLegLimits.BufferSize, pinned: true);
    private MediaLegEndPoint? _lastSource;

    /// <summary>Wraps a bound socket.</summary>
    /// <param name="leg">The leg that handles datagrams.</param>
    /// <param name="socket">The bound UDP socket (owned by the leg).</param>
    /// <param name="isRtcp">Whether it is the separate RTCP socket.</param>
    public MediaLegSocket(UdpMediaLeg leg, Socket socket, bool isRtcp)
    {
        _leg = leg;
        Socket = socket;
        IsRtcp = isRtcp;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Source = new SocketAddress(socket.AddressFamily, SocketAddress.GetMaximumAddressSize(socket.AddressFamily));
    }

    /// <summary>The socket.</summary>
    public Socket Socket { get; }

    /// <summary>Whether this is the separate RTCP socket.</summary>
    public bool IsRtcp { get; }

    /// <summary>The bound address.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The source of the datagram being handled (valid during <see cref="UdpMediaLeg"/>'s handling only).</summary>
    public SocketAddress Source { get; }

    /// <summary>The running loop.</summary>
    public Task Loop { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the loop.</summary>
    public void Start() => Loop = Task.Run(RunAsync);

    /// <summary>
    /// The source of the current datagram as an immutable endpoint: the previous one when the source did not change
    /// (so a steady stream of STUN checks or DTLS records allocates nothing), else a new copy.
    /// </summary>
    /// <returns>The endpoint, or null for an address that is neither IPv4 nor IPv6.</returns>
    public MediaLegEndPoint? CurrentSource()
    {
        var last = _lastSource;
        if (last is not null && last.Matches(Source)) return last;
        last = MediaLegEndPoint.FromReceived(Source);
        _lastSource = last;
        return last;
    }

    private async Task RunAsync()
    {
        // One extra byte beyond the largest datagram tells an oversized datagram from a full-sized one.
        var receive = _buffer.AsMemory(0, MediaLegLimits.MaxDatagram + 1);
        var failures = 0;
        while (!_leg.IsDisposed)
        {
            if (failures >= MaxConsecutiveFailures)
            {
                // A socket that fails every receive must not spin a core: pause, then try again.
                failures = 0;
                await Task.Delay(FailurePause, _leg.TimeProvider).ConfigureAwait(false);
            }

            int length;
            try
            {
                length = await Socket.ReceiveFromAsync(receive, SocketFlags.None, Source).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (_leg.IsDisposed || e.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors reported on the socket (connection reset on Windows), truncated datagrams: go on.
                failures++;
                _leg.OnReceiveError(this, e);
                continue;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_leg.IsDisposed) return;
                failures++;
                _leg.OnReceiveError(this, e);
                continue;
            }

            failures = 0;

            try
            {
                _leg.OnDatagram(this, _buffer, length);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _leg.OnHandlingError(this, e);
            }
        }
    }
}
