using Gateway.Core.Hosting;
using Gateway.Media.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ResidentialGateway.Media;

/// <summary>Binds and validates the sample's media settings and registers the relay they choose.</summary>
internal static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddMediaOptions(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<MediaOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        return services;
    }

    /// <summary>
    /// <c>loadmodule "rtpengine.so"</c>: the media relay behind <c>rtpengine_offer/answer/delete</c> — in process by
    /// default (<c>rtpengine -i … -m 50000 -M 55000</c> as <see cref="MediaOptions"/>).
    /// </summary>
    public static ISipGatewayBuilder AddResidentialMedia(this ISipGatewayBuilder builder, IConfiguration section)
    {
        var services = builder.Services;

        // rtpengine_sock: the mode and the ng endpoints are read here, at composition, because they choose the
        // services; the values themselves are still validated at start (MediaOptionsValidator).
        var mode = section.GetValue(nameof(MediaOptions.Mode), MediaMode.InProcess);
        if (mode == MediaMode.RtpEngine)
        {
            var endpoints = section.GetSection(nameof(MediaOptions.NgEndpoints)).Get<string[]>() ?? [];
            builder.AddRtpEngine(o =>
            {
                foreach (var endpoint in endpoints)
                {
                    if (MediaOptionsValidator.TryParseNgEndpoint(endpoint, out var ng)) o.Endpoints.Add(new Gateway.Media.Control.Ng.NgClientEndpoint(ng));
                }
            });
            return builder;
        }

        builder.AddMediaRelay();

        // Bound from the section rather than through IOptions<MediaOptions>: reading that inside this callback would
        // wrap MediaOptionsValidator's clear failure into a second one.
        services.AddOptions<MediaRelayOptions>().Configure(relay =>
        {
            var options = new MediaOptions();
            section.Bind(options);

            // Invalid settings stop the start with MediaOptionsValidator's message; the relay keeps its defaults so
            // its own validation does not add a second failure for the same setting.
            if (new MediaOptionsValidator().Validate(null, options).Failed) return;
            relay.MinPort = options.MinPort;
            relay.MaxPort = options.MaxPort;
            relay.MediaTimeout = options.MediaTimeout;
            if (!string.IsNullOrEmpty(options.Interface)) relay.InterfaceAddress = options.Interface;
            if (!string.IsNullOrEmpty(options.AdvertisedAddress)) relay.AdvertisedAddress = options.AdvertisedAddress;
        });
        return builder;
    }
}
