using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Media.Control.Ng;

/// <summary>
/// The client side of one ng server: a UDP socket, a receive loop that hands replies to the waiting request by
/// cookie, retransmission of the same datagram on timeout, and the instance's health for new-call selection.
/// </summary>
internal sealed class NgInstance : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pending = new(StringComparer.Ordinal);
    private readonly Socket _socket;
    private readonly CancellationTokenSource _closing = new();
    private readonly int _maxDatagramSize;
    private readonly Lock _startLock = new();
    private Task? _receiveLoop;
    private long _disabledUntil;

    public NgInstance(NgClientEndpoint endpoint, int maxDatagramSize)
    {
        Endpoint = endpoint;
        _maxDatagramSize = maxDatagramSize;
        var remote = endpoint.EndPoint;
        _socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var local = IPAddress.IsLoopback(remote.Address)
            ? remote.Address
            : remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        _socket.Bind(new IPEndPoint(local, 0));
        Name = endpoint.ToString();
    }

    public NgClientEndpoint Endpoint { get; }

    /// <summary>The instance as <see cref="Gateway.Core.Media.MediaSessionInfo.Instance"/> names it.</summary>
    public string Name { get; }

    /// <summary>Smooth weighted round-robin state (guarded by the relay's selection lock).</summary>
    public long CurrentWeight { get; set; }

    /// <summary>Whether the instance timed out recently (passed over for new calls until then).</summary>
    public bool IsDisabled(TimeProvider time) => time.GetTimestamp() < Interlocked.Read(ref _disabledUntil);

    public void Disable(TimeProvider time, TimeSpan duration) =>
        Interlocked.Exchange(ref _disabledUntil, time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency));

    public void Enable() => Interlocked.Exchange(ref _disabledUntil, 0);

    /// <summary>
    /// Sends <c>cookie SP body</c> up to <paramref name="attempts"/> times, waiting <paramref name="timeout"/> for the
    /// reply after each; returns the reply's dictionary bytes, or <see langword="null"/> when none came.
    /// </summary>
    public async Task<byte[]?> ExchangeAsync(string cookie, ReadOnlyMemory<byte> body, int attempts, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        EnsureReceiving();
        var cookieBytes = Encoding.ASCII.GetBytes(cookie);
        var datagram = new byte[cookieBytes.Length + 1 + body.Length];
        cookieBytes.CopyTo(datagram, 0);
        datagram[cookieBytes.Length] = (byte)' ';
        body.CopyTo(datagram.AsMemory(cookieBytes.Length + 1));

        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(cookie, reply)) throw new InvalidOperationException("Duplicate ng cookie.");
        try
        {
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                try
                {
                    await _socket.SendToAsync(datagram, SocketFlags.None, Endpoint.EndPoint, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // Unreachable right now (no route, ICMP error): wait out the attempt as for a lost datagram.
                }

                try
                {
                    return await reply.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }

            return null;
        }
        finally
        {
            _pending.TryRemove(cookie, out _);
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        _socket.Dispose();
        foreach (var pending in _pending.Values) pending.TrySetCanceled();
        _closing.Dispose();
    }

    private void EnsureReceiving()
    {
        if (_receiveLoop is not null) return;
        lock (_startLock)
        {
            _receiveLoop ??= Task.Run(ReceiveLoopAsync);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(_maxDatagramSize);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        var token = _closing.Token;
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP errors, truncation: the request's timeout handles it
            }

            // Only the instance we talk to may answer; the cookie must be one we are waiting for.
            if (!received.RemoteEndPoint.Equals(Endpoint.EndPoint)) continue;
            var message = buffer.AsSpan(0, received.ReceivedBytes);
            var space = message.IndexOf((byte)' ');
            if (space <= 0) continue;
            var cookie = Encoding.ASCII.GetString(message[..space]);
            if (_pending.TryRemove(cookie, out var waiter)) waiter.TrySetResult(message[(space + 1)..].ToArray());
        }
    }
}
