using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.BrowserTests.Infrastructure;

/// <summary>What a call with media through the relay must show: on the page (getStats) and at <c>/media</c>.</summary>
internal static class MediaExpectations
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The page's transport reached ICE <c>connected</c> (or <c>completed</c>) and DTLS <c>connected</c>; audio packets
    /// were sent and received, and both counts keep growing.
    /// </summary>
    public static async Task ExpectMediaFlowsAsync(WebPhonePage phone)
    {
        await Expect(phone.Stats).ToHaveAttributeAsync("data-ice-state", new System.Text.RegularExpressions.Regex("^(connected|completed)$"));
        await Expect(phone.Stats).ToHaveAttributeAsync("data-dtls-state", "connected");
        foreach (var name in new[] { "packetsSent", "packetsReceived" })
        {
            await WaitAboveAsync(phone, name, 0);
            var now = await ReadAsync(phone, name);
            await WaitAboveAsync(phone, name, now);
        }
    }

    /// <summary>The page's statistic <paramref name="name"/> (a <c>#stats</c> data-* attribute in camel case).</summary>
    public static async Task<long> ReadAsync(WebPhonePage phone, string name)
    {
        var text = await phone.Page.EvaluateAsync<string>("n => document.querySelector('#stats').dataset[n] || '0'", name);
        return long.Parse(text, CultureInfo.InvariantCulture);
    }

    private static async Task WaitAboveAsync(WebPhonePage phone, string name, long floor)
    {
        var handle = await phone.Page.WaitForFunctionAsync(
            "([n, floor]) => Number(document.querySelector('#stats').dataset[n] || '0') > floor",
            new object[] { name, floor },
            new PageWaitForFunctionOptions { Timeout = (float)Limit.TotalMilliseconds, PollingInterval = 200 });
        await handle.DisposeAsync();
    }

    /// <summary>The relay's streams now (from <c>/media</c>): each stream's local and remote address and its counters.</summary>
    public static async Task<IReadOnlyList<RelayStreamFigures>> StreamsAsync(SampleGateway gateway)
    {
        using var report = await gateway.MediaAsync();
        var streams = new List<RelayStreamFigures>();
        foreach (var session in report.RootElement.GetProperty("items").EnumerateArray())
        {
            foreach (var stream in session.GetProperty("streams").EnumerateArray())
            {
                streams.Add(new RelayStreamFigures(
                    Text(stream, "local"),
                    Text(stream, "remote"),
                    stream.GetProperty("packetsReceived").GetInt64(),
                    stream.GetProperty("packetsSent").GetInt64(),
                    stream.GetProperty("protocol").GetString() ?? string.Empty));
            }
        }

        return streams;
    }

    /// <summary>The number of media sessions at <c>/media</c>.</summary>
    public static async Task<int> SessionCountAsync(SampleGateway gateway)
    {
        using var report = await gateway.MediaAsync();
        return report.RootElement.GetProperty("count").GetInt32();
    }

    /// <summary>Waits (bounded) until <c>/media</c> lists no session; returns the last count seen.</summary>
    public static async Task<int> WaitNoSessionAsync(SampleGateway gateway)
    {
        var deadline = DateTime.UtcNow + Limit;
        int count;
        while ((count = await SessionCountAsync(gateway)) != 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        return count;
    }

    /// <summary>Waits (bounded) until the relay's streams satisfy <paramref name="condition"/>; returns the last figures.</summary>
    public static async Task<IReadOnlyList<RelayStreamFigures>> WaitStreamsAsync(SampleGateway gateway, Func<IReadOnlyList<RelayStreamFigures>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        IReadOnlyList<RelayStreamFigures> streams;
        while (!condition(streams = await StreamsAsync(gateway)) && DateTime.UtcNow < deadline) await Task.Delay(200);
        return streams;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
