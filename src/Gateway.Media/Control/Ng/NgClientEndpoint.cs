using System.Globalization;
using System.Net;

namespace Gateway.Media.Control.Ng;

/// <summary>One rtpengine (or other ng server) instance of a farm, with its share of new calls.</summary>
public sealed class NgClientEndpoint
{
    /// <summary>Creates an endpoint.</summary>
    /// <param name="endPoint">The instance's ng UDP address.</param>
    /// <param name="weight">Its share of new calls relative to the others' (Kamailio's <c>=weight</c>); at least 1.</param>
    public NgClientEndpoint(IPEndPoint endPoint, int weight = 1)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 1);
        EndPoint = endPoint;
        Weight = weight;
    }

    /// <summary>The instance's ng UDP address.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Its share of new calls.</summary>
    public int Weight { get; }

    /// <summary>
    /// Parses Kamailio's <c>rtpengine_sock</c> form: <c>udp:127.0.0.1:22222</c>, <c>udp:[::1]:22222=2</c> (weight 2),
    /// or without the <c>udp:</c> scheme. Only literal addresses (no DNS at run time).
    /// </summary>
    /// <param name="text">The endpoint text.</param>
    /// <exception cref="FormatException">The text is not such an endpoint.</exception>
    public static NgClientEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        if (span.StartsWith("udp:", StringComparison.OrdinalIgnoreCase)) span = span[4..];
        var weight = 1;
        var equals = span.LastIndexOf('=');
        if (equals >= 0)
        {
            if (!int.TryParse(span[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight < 1)
            {
                throw new FormatException($"'{text}' has an invalid weight.");
            }

            span = span[..equals];
        }

        if (!IPEndPoint.TryParse(span, out var endPoint) || endPoint.Port == 0)
        {
            throw new FormatException($"'{text}' is not an ng endpoint such as udp:127.0.0.1:22222.");
        }

        return new NgClientEndpoint(endPoint, weight);
    }

    /// <inheritdoc/>
    public override string ToString() => Weight == 1 ? $"udp:{EndPoint}" : $"udp:{EndPoint}={Weight}";
}
