using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Media.Relay.Legs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Media.Tests.Relay.Legs;

/// <summary>Loopback sockets, packets and bounded waits for the leg tests.</summary>
internal static class LegNet
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Receive threads shared by the leg tests (as the relay shares them between its legs); never disposed.</summary>
    public static MediaReceiveThreads ReceiveThreads { get; } = MediaReceiveThreads.Start(2, NullLogger.Instance);

    public static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public static IPEndPoint EndPoint(this Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    public static void SendTo(this Socket socket, byte[] packet, IPEndPoint to) => socket.SendTo(packet, SocketFlags.None, to);

    public static void SendTo(this Socket socket, ReadOnlySpan<byte> packet, IPEndPoint to) => socket.SendTo(packet, SocketFlags.None, to);

    /// <summary>Receives one datagram within <see cref="Timeout"/>, or fails the test.</summary>
    public static async Task<(byte[] Data, IPEndPoint From)> ReceiveAsync(this Socket socket)
    {
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Nothing arrived on {socket.LocalEndPoint} within {Timeout.TotalSeconds} s.");
            throw;
        }
    }

    /// <summary>Polls a condition (bounded), for state that changes on another thread.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }

    /// <summary>An RTP packet (PCMU) with a recognisable payload, in a buffer with room for SRTP.</summary>
    public static byte[] Rtp(ushort sequence, uint ssrc, int payload = 160, byte fill = 0)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 12; i < packet.Length; i++) packet[i] = (byte)((i * 7) + sequence + fill);
        return packet;
    }

    /// <summary>An RTCP receiver report with one report block.</summary>
    public static byte[] Rtcp(uint ssrc, byte marker = 0)
    {
        var packet = new byte[32];
        packet[0] = 0x81; // V=2, RC=1
        packet[1] = 201;  // RR
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7); // length in words - 1
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xCAFEBABE);
        for (var i = 12; i < packet.Length; i++) packet[i] = (byte)(i + marker);
        return packet;
    }

    /// <summary>Copies a packet into a buffer with room for protection.</summary>
    public static byte[] WithRoom(byte[] packet)
    {
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer, 0);
        return buffer;
    }
}
