using System.Text.Json.Serialization;

namespace ResidentialGateway.Management;

/// <summary>System.Text.Json source generation for every management response (camelCase, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(RegistrationsReport))]
[JsonSerializable(typeof(TransactionsReport))]
[JsonSerializable(typeof(CallsReport))]
[JsonSerializable(typeof(MediaReport))]
[JsonSerializable(typeof(StatisticsReport))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
