using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Gateway.Media.Dtls;

/// <summary>
/// Adapts an <see cref="IDtlsPacketChannel"/> plus a bounded receive queue to BouncyCastle's blocking
/// <see cref="DatagramTransport"/>: the relay pushes demultiplexed DTLS datagrams with <see cref="TryEnqueue"/>, and
/// BouncyCastle's thread takes them in <see cref="Receive(Span{byte}, int)"/>, which honours the wait-millis contract
/// (0 = wait indefinitely, otherwise at most that long; -1 on timeout). <see cref="Close"/> wakes a blocked receiver,
/// which then fails with an <see cref="IOException"/>.
/// </summary>
internal sealed class DtlsPacketTransport : DatagramTransport, IDisposable
{
    /// <summary>Largest datagram accepted from the peer (peers need not respect our MTU).</summary>
    internal const int ReceiveLimit = 2048;

    private readonly IDtlsPacketChannel _channel;
    private readonly int _sendLimit;
    private readonly int _capacity;
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _closed = new();

    public DtlsPacketTransport(IDtlsPacketChannel channel, int sendLimit, int capacity)
    {
        _channel = channel;
        _sendLimit = sendLimit;
        _capacity = capacity;
    }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>How many datagrams are waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _queue.Count;
        }
    }

    /// <summary>Queues a received datagram; false when closed, full, empty or too large.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > ReceiveLimit) return false;
        lock (_lock)
        {
            if (_closed.IsCancellationRequested || _queue.Count >= _capacity) return false;
            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            _available.Release();
        }

        return true;
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        bool signalled;
        try
        {
            signalled = _available.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis, _closed.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            throw new IOException("The DTLS packet channel was closed.", e);
        }

        if (!signalled) return -1;

        (byte[] Buffer, int Length) item;
        lock (_lock)
        {
            if (_closed.IsCancellationRequested) throw new IOException("The DTLS packet channel was closed.");
            item = _queue.Dequeue();
        }

        try
        {
            if (item.Length > buffer.Length) return -1; // cannot happen: BouncyCastle offers GetReceiveLimit() bytes
            item.Buffer.AsSpan(0, item.Length).CopyTo(buffer);
            return item.Length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        // After Close, BouncyCastle may still try to send a fatal alert: drop it.
        if (_closed.IsCancellationRequested) return;
        _channel.Send(buffer);
    }

    public void Dispose()
    {
        Close();
        _available.Dispose();
        _closed.Dispose();
    }

    public void Close()
    {
        lock (_lock)
        {
            if (_closed.IsCancellationRequested) return;
            _closed.Cancel();
            while (_queue.TryDequeue(out var item))
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
    }
}
