using System.Net;
using System.Net.Sockets;

namespace Gateway.Media.Tests.Control;

/// <summary>A loopback UDP socket for tests: send a datagram, receive one within a bounded time.</summary>
internal sealed class NgUdpPeer : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public IPEndPoint? LastSource { get; private set; }

    public Task SendAsync(byte[] datagram, IPEndPoint destination) => _client.SendAsync(datagram, destination).AsTask();

    public async Task<byte[]> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            var result = await _client.ReceiveAsync(cts.Token);
            LastSource = result.RemoteEndPoint;
            return result.Buffer;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No datagram within {timeout ?? DefaultTimeout}");
        }
    }

    /// <summary>Whether nothing arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> IsSilentAsync(TimeSpan wait)
    {
        try
        {
            await ReceiveAsync(wait);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    public async Task<byte[]> RequestAsync(byte[] datagram, IPEndPoint destination)
    {
        await SendAsync(datagram, destination);
        return await ReceiveAsync();
    }

    public void Dispose() => _client.Dispose();
}
