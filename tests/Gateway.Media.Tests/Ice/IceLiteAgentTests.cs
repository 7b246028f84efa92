using System.Net;
using Gateway.Media.Ice;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Media.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly IceCredentials Local = new("LoCa", "localpasswordlocalpass1");
    private static readonly IceCredentials Remote = new("ReMo", "remotepasswordremotepa2");
    private static readonly IPEndPoint Source = new(IPAddress.Parse("203.0.113.9"), 50123);

    [Fact]
    public void HandleStunRequest_ValidCheck_AnsweredWithMappedAddressIntegrityAndFingerprint()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var request = Check.Build();
        var response = new byte[256];

        var result = agent.HandleStunRequest(request, Source, response, out var length);

        Assert.Equal(IceCheckResult.Answered, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out var consumed));
        Assert.Equal(length, consumed);
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), message.TransactionId.ToArray());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Source, mapped);
        using var key = StunCredential.CreateShortTerm(Local.Password);
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(key));
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
        Assert.Null(agent.NominatedEndpoint);
    }

    [Fact]
    public void HandleStunRequest_IntegritySha256Only_AnsweredWithIntegritySha256()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var response = new byte[256];

        var result = agent.HandleStunRequest(Check.Build(integrity: false, integritySha256: true), Source, response, out var length);

        Assert.Equal(IceCheckResult.Answered, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out _));
        using var key = StunCredential.CreateShortTerm(Local.Password);
        Assert.False(message.HasMessageIntegrity);
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegritySha256(key));
        Assert.Equal(IceCheckResult.Unauthenticated, agent.HandleStunRequest(
            Check.Build(integrity: false, integritySha256: true, password: "wrongpasswordwrongpass1"), Source, response, out _));
    }

    [Fact]
    public void HandleStunRequest_Rfc5769Section2_1_ControlledPeerGets487()
    {
        // The RFC 5769 sample request is a valid check for ufrag "evtj" from peer "h6vY", but it carries ICE-CONTROLLED.
        var local = new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt");
        var remote = new IceCredentials("h6vY", "remotepasswordremotepa2");
        using var agent = new IceLiteAgent(local, remote, new FakeTimeProvider());
        var response = new byte[256];

        var result = agent.HandleStunRequest(IceTestData.Stun("rfc5769-2.1-sample-request.bin"), Source, response, out var length);

        Assert.Equal(IceCheckResult.RoleConflict, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out _));
        Assert.Equal(StunMessageType.BindingError, message.Type);
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(487, code);
        using var key = StunCredential.CreateShortTerm(local.Password);
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(key));
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
    }

    [Fact]
    public void HandleStunRequest_UseCandidate_NominatesSourceAndRaisesEventOnChangeOnly()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var events = new List<IceEndpointChangedEventArgs>();
        agent.NominatedEndpointChanged += (_, e) => events.Add(e);
        var response = new byte[256];
        var other = new IPEndPoint(IPAddress.Parse("2001:db8::5"), 6000);

        Assert.Equal(IceCheckResult.Answered, agent.HandleStunRequest(Check.Build(useCandidate: true), Source, response, out _));
        Assert.Equal(IceCheckResult.Answered, agent.HandleStunRequest(Check.Build(useCandidate: true), new IPEndPoint(Source.Address, Source.Port), response, out _));
        Assert.Equal(IceCheckResult.Answered, agent.HandleStunRequest(Check.Build(useCandidate: false), other, response, out _));
        Assert.Equal(Source, agent.NominatedEndpoint);
        Assert.Equal(IceCheckResult.Answered, agent.HandleStunRequest(Check.Build(useCandidate: true), other, response, out _));

        Assert.Equal(other, agent.NominatedEndpoint);
        Assert.Equal(2, events.Count);
        Assert.Null(events[0].Previous);
        Assert.Equal(Source, events[0].Current);
        Assert.Equal(Source, events[1].Previous);
        Assert.Equal(other, events[1].Current);
    }

    [Fact]
    public void HandleStunRequest_NominatedEndpoint_IsACopyOfTheCallersObject()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var source = new IPEndPoint(IPAddress.Loopback, 1000);
        agent.HandleStunRequest(Check.Build(useCandidate: true), source, new byte[256], out _);
        source.Port = 2000;
        Assert.Equal(1000, agent.NominatedEndpoint!.Port);
    }

    [Fact]
    public void HandleStunRequest_WrongPassword_401WithoutIntegrity()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var response = new byte[256];

        var result = agent.HandleStunRequest(Check.Build(password: "wrongpasswordwrongpass1"), Source, response, out var length);

        Assert.Equal(IceCheckResult.Unauthenticated, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out _));
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(401, code);
        Assert.False(message.HasMessageIntegrity);
        Assert.Equal(StunCheckResult.Valid, message.CheckFingerprint());
        Assert.Null(agent.NominatedEndpoint);
    }

    [Theory]
    [InlineData("LoCa:Other")]
    [InlineData("Other:ReMo")]
    [InlineData("ReMo:LoCa")]
    [InlineData("LoCa")]
    public void HandleStunRequest_WrongUsername_IgnoredWithoutResponse(string username)
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());

        var result = agent.HandleStunRequest(Check.Build(username: username), Source, new byte[256], out var length);

        Assert.Equal(IceCheckResult.UnknownUsername, result);
        Assert.Equal(0, length);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void HandleStunRequest_MissingUsernameOrIntegrity_400(bool withUsername, bool withIntegrity)
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var response = new byte[256];

        var result = agent.HandleStunRequest(Check.Build(username: withUsername ? "LoCa:ReMo" : null, integrity: withIntegrity), Source, response, out var length);

        Assert.Equal(IceCheckResult.BadRequest, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out _));
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(400, code);
    }

    [Fact]
    public void HandleStunRequest_UnknownComprehensionRequiredAttribute_420ListingIt()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var response = new byte[256];

        var result = agent.HandleStunRequest(Check.Build(extraAttribute: 0x0077), Source, response, out var length);

        Assert.Equal(IceCheckResult.UnknownAttributes, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out _));
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(420, code);
        Span<ushort> types = stackalloc ushort[4];
        Assert.True(message.TryGetUnknownAttributes(types, out var count));
        Assert.Equal(new ushort[] { 0x0077 }, types[..count].ToArray());
        using var key = StunCredential.CreateShortTerm(Local.Password);
        Assert.Equal(StunCheckResult.Valid, message.CheckMessageIntegrity(key));
    }

    [Fact]
    public void HandleStunRequest_UnknownComprehensionOptionalAttribute_Answered()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        Assert.Equal(IceCheckResult.Answered, agent.HandleStunRequest(Check.Build(extraAttribute: 0xC001), Source, new byte[256], out _));
    }

    [Fact]
    public void HandleStunRequest_NotStun_NotStun()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var rtp = new byte[] { 0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

        Assert.Equal(IceCheckResult.NotStun, agent.HandleStunRequest(rtp, Source, new byte[256], out var length));
        Assert.Equal(0, length);
        Assert.Equal(IceCheckResult.NotStun, agent.HandleStunRequest([], Source, new byte[256], out _));
    }

    [Fact]
    public void HandleStunRequest_BadFingerprint_NotStun()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var request = Check.Build();
        request[^1] ^= 0xFF;
        Assert.Equal(IceCheckResult.NotStun, agent.HandleStunRequest(request, Source, new byte[256], out _));
    }

    [Fact]
    public void HandleStunRequest_Indication_Ignored()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var buffer = new byte[64];
        Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingIndication, new byte[12], out var writer));
        Assert.True(writer.TryAddFingerprint());

        Assert.Equal(IceCheckResult.Ignored, agent.HandleStunRequest(buffer.AsSpan(0, writer.Length), Source, new byte[256], out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void HandleStunRequest_NoFingerprintWhenRequired_Ignored()
    {
        using var lenient = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        using var strict = new IceLiteAgent(Local, Remote, new FakeTimeProvider(), new IceLiteAgentOptions { RequireFingerprint = true });
        var request = Check.Build(fingerprint: false);

        Assert.Equal(IceCheckResult.Answered, lenient.HandleStunRequest(request, Source, new byte[256], out _));
        Assert.Equal(IceCheckResult.Ignored, strict.HandleStunRequest(request, Source, new byte[256], out _));
    }

    [Fact]
    public void HandleStunRequest_ResponseBufferTooSmall_NothingWritten()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        Assert.Equal(IceCheckResult.ResponseBufferTooSmall, agent.HandleStunRequest(Check.Build(), Source, new byte[40], out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void HandleStunRequest_Software_IncludedInResponse()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider(), new IceLiteAgentOptions { Software = "Gateway" });
        var response = new byte[256];
        agent.HandleStunRequest(Check.Build(), Source, response, out var length);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out var message, out _));
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("Gateway"u8.ToArray(), software.Value.ToArray());
    }

    [Fact]
    public void HandleStunRequest_ValidChecks_AllocateNothing()
    {
        using var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        var check = Check.Build(useCandidate: true);
        var unauthenticated = Check.Build(password: "wrongpasswordwrongpass1");
        var response = new byte[256];
        for (var i = 0; i < 100; i++)
        {
            agent.HandleStunRequest(check, Source, response, out _);
            agent.HandleStunRequest(unauthenticated, Source, response, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            agent.HandleStunRequest(check, Source, response, out _);
            agent.HandleStunRequest(unauthenticated, Source, response, out _);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void ConsentExpired_ChecksEveryFiveSeconds_NeverExpires()
    {
        var time = new FakeTimeProvider();
        using var agent = new IceLiteAgent(Local, Remote, time);
        var fired = 0;
        agent.ConsentExpired += (_, _) => fired++;

        for (var i = 0; i < 24; i++)
        {
            agent.HandleStunRequest(Check.Build(), Source, new byte[256], out _);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.False(agent.IsConsentExpired);
        Assert.Equal(0, fired);
    }

    [Fact]
    public void ConsentExpired_NoValidCheckFor30Seconds_ExpiresOnce()
    {
        var time = new FakeTimeProvider();
        using var agent = new IceLiteAgent(Local, Remote, time);
        var fired = 0;
        agent.ConsentExpired += (_, _) => fired++;
        agent.HandleStunRequest(Check.Build(), Source, new byte[256], out _);

        time.Advance(TimeSpan.FromSeconds(20));
        // Invalid checks do not refresh consent.
        agent.HandleStunRequest(Check.Build(password: "wrongpasswordwrongpass1"), Source, new byte[256], out _);
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(agent.IsConsentExpired);

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(agent.IsConsentExpired);
        Assert.Equal(1, fired);

        time.Advance(TimeSpan.FromMinutes(5));
        agent.HandleStunRequest(Check.Build(), Source, new byte[256], out _);
        Assert.True(agent.IsConsentExpired);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void ConsentExpired_NoCheckEverArrives_ExpiresAfterTimeout()
    {
        var time = new FakeTimeProvider();
        using var agent = new IceLiteAgent(Local, Remote, time, new IceLiteAgentOptions { ConsentTimeout = TimeSpan.FromSeconds(10) });
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(agent.IsConsentExpired);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(agent.IsConsentExpired);
    }

    [Fact]
    public void Restart_NewCredentials_OldChecksUnknownAndConsentFresh()
    {
        var time = new FakeTimeProvider();
        using var agent = new IceLiteAgent(Local, Remote, time);
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(agent.IsConsentExpired);
        var newLocal = new IceCredentials("NeWl", "newlocalpasswordnewloc1");
        var newRemote = new IceCredentials("NeWr", "newremotepasswordnewre2");

        agent.Restart(newLocal, newRemote);

        Assert.False(agent.IsConsentExpired);
        Assert.Equal(IceCheckResult.UnknownUsername, agent.HandleStunRequest(Check.Build(), Source, new byte[256], out _));
        Assert.Equal(IceCheckResult.Answered, agent.HandleStunRequest(
            Check.Build(username: "NeWl:NeWr", password: newLocal.Password), Source, new byte[256], out _));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(agent.IsConsentExpired);
    }

    [Fact]
    public void HandleStunRequest_AfterDispose_Ignored()
    {
        var agent = new IceLiteAgent(Local, Remote, new FakeTimeProvider());
        agent.Dispose();
        Assert.Equal(IceCheckResult.Ignored, agent.HandleStunRequest(Check.Build(), Source, new byte[256], out _));
    }

    [Fact]
    public void IceCredentials_Generate_ValidLengthsAndCharacters()
    {
        for (var i = 0; i < 50; i++)
        {
            var c = IceCredentials.Generate();
            Assert.True(c.UsernameFragment.Length >= 4);
            Assert.True(c.Password.Length >= 22);
            Assert.True(IceCredentials.IsValidUsernameFragment(c.UsernameFragment));
            Assert.True(IceCredentials.IsValidPassword(c.Password));
        }

        Assert.NotEqual(IceCredentials.Generate().Password, IceCredentials.Generate().Password);
    }

    [Theory]
    [InlineData("abc", "0123456789012345678901")]
    [InlineData("ab:c", "0123456789012345678901")]
    [InlineData("abcd", "012345678901234567890")]
    [InlineData("abcd", "0123456789012345678901 ")]
    public void IceCredentials_InvalidValues_Throw(string ufrag, string pwd) =>
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, pwd));

    /// <summary>Builds connectivity checks as a full, controlling peer would send them to the agent.</summary>
    internal static class Check
    {
        public static byte[] Build(string? username = "LoCa:ReMo", string password = "localpasswordlocalpass1",
            bool useCandidate = false, bool integrity = true, bool fingerprint = true, ushort? extraAttribute = null,
            bool integritySha256 = false)
        {
            var buffer = new byte[256];
            var transactionId = new byte[12];
            Random.Shared.NextBytes(transactionId);
            using var key = StunCredential.CreateShortTerm(password);
            Assert.True(StunMessageWriter.TryCreate(buffer, StunMessageType.BindingRequest, transactionId, out var writer));
            if (username is not null) Assert.True(writer.TryAddAttribute(StunAttributeType.Username, System.Text.Encoding.ASCII.GetBytes(username)));
            Assert.True(writer.TryAddUInt32(StunAttributeType.Priority, 0x6e0001ff));
            Assert.True(writer.TryAddUInt64(StunAttributeType.IceControlling, 0x1122334455667788));
            if (useCandidate) Assert.True(writer.TryAddAttribute(StunAttributeType.UseCandidate, default));
            if (extraAttribute is { } extra) Assert.True(writer.TryAddAttribute(extra, [1, 2, 3]));
            if (integrity) Assert.True(writer.TryAddMessageIntegrity(key));
            if (integritySha256) Assert.True(writer.TryAddMessageIntegritySha256(key));
            if (fingerprint) Assert.True(writer.TryAddFingerprint());
            return buffer.AsSpan(0, writer.Length).ToArray();
        }
    }
}
