using Gateway.Media.Dtls;

namespace Gateway.Media.Tests.Dtls;

/// <summary>A DTLS server and client wired together over two loopback UDP sockets.</summary>
internal sealed class DtlsHandshakePair : IDisposable
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private DtlsHandshakePair(DtlsSrtpHandshake server, DtlsSrtpHandshake client, UdpDtlsPeer serverSocket, UdpDtlsPeer clientSocket)
    {
        Server = server;
        Client = client;
        ServerSocket = serverSocket;
        ClientSocket = clientSocket;
    }

    public DtlsSrtpHandshake Server { get; }

    public DtlsSrtpHandshake Client { get; }

    public UdpDtlsPeer ServerSocket { get; }

    public UdpDtlsPeer ClientSocket { get; }

    public static DtlsHandshakePair Create(DtlsCertificate serverCertificate, DtlsCertificate clientCertificate,
        Func<DtlsSrtpHandshakeOptions, DtlsSrtpHandshakeOptions>? serverOptions = null,
        Func<DtlsSrtpHandshakeOptions, DtlsSrtpHandshakeOptions>? clientOptions = null)
    {
        var serverSocket = new UdpDtlsPeer();
        var clientSocket = new UdpDtlsPeer();
        serverSocket.ConnectTo(clientSocket);
        clientSocket.ConnectTo(serverSocket);
        var so = new DtlsSrtpHandshakeOptions { Role = DtlsRole.Server, RemoteFingerprints = [clientCertificate.Fingerprint] };
        var co = new DtlsSrtpHandshakeOptions { Role = DtlsRole.Client, RemoteFingerprints = [serverCertificate.Fingerprint] };
        var server = new DtlsSrtpHandshake(serverCertificate, serverSocket, serverOptions?.Invoke(so) ?? so);
        var client = new DtlsSrtpHandshake(clientCertificate, clientSocket, clientOptions?.Invoke(co) ?? co);
        serverSocket.Start(server);
        clientSocket.Start(client);
        return new DtlsHandshakePair(server, client, serverSocket, clientSocket);
    }

    /// <summary>Runs both sides; returns each side's outcome (keys or exception) without throwing.</summary>
    public async Task<(Task<DtlsSrtpKeys> Server, Task<DtlsSrtpKeys> Client)> RunAsync()
    {
        var server = Server.RunAsync();
        var client = Client.RunAsync();
        try
        {
            await Task.WhenAll(server, client).WaitAsync(TestTimeout);
        }
        catch (Exception e) when (e is DtlsHandshakeException or OperationCanceledException)
        {
        }

        // Let a side still waiting on its peer finish too (bounded by its handshake timeout).
        try
        {
            await Task.WhenAll(server, client).WaitAsync(TestTimeout);
        }
        catch (Exception e) when (e is DtlsHandshakeException or OperationCanceledException)
        {
        }

        return (server, client);
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
        ServerSocket.Dispose();
        ClientSocket.Dispose();
    }
}
