using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StochasticAD.Orleans;

namespace StochasticAD.Cli.Cluster;

/// <summary>
/// <c>stochad silo</c>: runs a silo of an estimation cluster until Ctrl+C. With no options it uses
/// Orleans' default ports (silo 11111, gateway 30000) on loopback and is the primary silo; further
/// silos on the machine take <c>--silo-port</c>/<c>--gateway-port</c> and join it.
/// </summary>
internal sealed class SiloCommand
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    private readonly TextWriter _out;
    private readonly TextWriter _err;

    private readonly Option<string?> _config = new("--config") { Description = "A JSON file with any of: siloPort, gatewayPort, primary, advertise, clusterId, serviceId, threads, models. Options given on the command line win." };
    private readonly Option<int?> _siloPort = new("--silo-port") { Description = $"The silo-to-silo port (default {SiloHostOptions.DefaultSiloPort})." };
    private readonly Option<int?> _gatewayPort = new("--gateway-port") { Description = $"The client port, as in --cluster host:port (default {SiloHostOptions.DefaultGatewayPort})." };
    private readonly Option<string?> _primary = new("--primary") { Description = $"host:port of the primary silo's silo port (default: the advertised address, port {SiloHostOptions.DefaultSiloPort})." };
    private readonly Option<string?> _advertise = new("--advertise") { Description = "The IP address other silos and clients reach this one at (default 127.0.0.1: one machine)." };
    private readonly Option<string?> _clusterId = new("--cluster-id") { Description = $"The cluster id; clients and silos must agree (default {EstimationClient.DefaultClusterId})." };
    private readonly Option<string?> _serviceId = new("--service-id") { Description = $"The service id (default {EstimationClient.DefaultServiceId})." };
    private readonly Option<int?> _threads = new("--threads") { Description = "Threads per batch on this silo (0 = one per core)." };
    private readonly Option<string[]> _models = new("--models") { Description = "An assembly with your own models (repeatable); see the README.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string> _logLevel = new("--log-level") { Description = "Orleans' log level on stderr: trace | debug | information | warning | error.", DefaultValueFactory = _ => "warning" };

    private SiloCommand(TextWriter output, TextWriter error)
    {
        _out = output;
        _err = error;
    }

    public static Command Create(TextWriter output, TextWriter error)
    {
        var silo = new SiloCommand(output, error);
        var command = new Command("silo", "Run a silo of an estimation cluster (Microsoft Orleans) until Ctrl+C; estimate/compare --cluster host:port use it.")
        {
            silo._config, silo._siloPort, silo._gatewayPort, silo._primary, silo._advertise, silo._clusterId, silo._serviceId, silo._threads, silo._models, silo._logLevel,
        };
        command.SetAction(silo.RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult r, CancellationToken ct)
    {
        SiloHostOptions options;
        try
        {
            options = Options(r);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or JsonException or FormatException)
        {
            await _err.WriteLineAsync($"stochad: {ex.Message}").ConfigureAwait(false);
            return CliApp.UsageError;
        }

        IHost host;
        try
        {
            host = EstimationSilo.Build(options);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or BadImageFormatException)
        {
            await _err.WriteLineAsync($"stochad: {ex.Message}").ConfigureAwait(false);
            return CliApp.UsageError;
        }

        using (host)
        {
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
#pragma warning disable CA1031 // A silo that cannot start (port taken, no primary) is reported, not thrown at the user.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                await _err.WriteLineAsync($"stochad: the silo did not start: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            var models = (ModelRegistry)host.Services.GetService(typeof(ModelRegistry))!;
            await _out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"stochad silo: cluster '{options.ClusterId}', silo {options.AdvertisedAddress}:{options.SiloPort}, gateway {options.AdvertisedAddress}:{options.GatewayPort} (clients: --cluster {(IPAddress.IsLoopback(options.AdvertisedAddress) ? "localhost" : options.AdvertisedAddress.ToString())}:{options.GatewayPort}); models: {string.Join(", ", models.Names)}. Ctrl+C stops.")).ConfigureAwait(false);
            await _out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: leave the cluster cleanly, so that running jobs move to the other silos.
            }

            await _out.WriteLineAsync("stochad silo: stopping.").ConfigureAwait(false);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(grace.Token).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The options: defaults, then the config file, then the command line.</summary>
    private SiloHostOptions Options(ParseResult r)
    {
        var options = new SiloHostOptions();
        if (r.GetValue(_config) is { } path)
        {
            SiloConfigFile file = JsonSerializer.Deserialize<SiloConfigFile>(File.ReadAllText(path), s_json)
                ?? throw new ArgumentException($"The config file '{path}' is empty.");
            options = Apply(options, file.SiloPort, file.GatewayPort, file.Primary, file.Advertise, file.ClusterId, file.ServiceId, file.Threads, file.Models);
        }

        string[] models = r.GetValue(_models) ?? [];
        options = Apply(options, r.GetValue(_siloPort), r.GetValue(_gatewayPort), r.GetValue(_primary), r.GetValue(_advertise),
            r.GetValue(_clusterId), r.GetValue(_serviceId), r.GetValue(_threads), models.Length > 0 ? models : null);
        string level = r.GetValue(_logLevel) ?? "warning";
        return Enum.TryParse(level, ignoreCase: true, out LogLevel logLevel) && Enum.IsDefined(logLevel)
            ? options with { LogLevel = logLevel }
            : throw new ArgumentException($"--log-level must be trace, debug, information, warning, error or critical, but is '{level}'.");
    }

    private static SiloHostOptions Apply(
        SiloHostOptions o, int? siloPort, int? gatewayPort, string? primary, string? advertise, string? clusterId, string? serviceId, int? threads, string[]? models)
    {
        CheckPort(siloPort, "silo port");
        CheckPort(gatewayPort, "gateway port");
        if (threads is < 0)
        {
            throw new ArgumentException($"threads must be >= 0, but is {threads}.");
        }

        IPAddress? advertised = null;
        if (advertise is not null && !IPAddress.TryParse(advertise, out advertised))
        {
            throw new ArgumentException($"--advertise takes an IP address, but got '{advertise}'.");
        }

        return o with
        {
            SiloPort = siloPort ?? o.SiloPort,
            GatewayPort = gatewayPort ?? o.GatewayPort,
            PrimarySilo = primary is null ? o.PrimarySilo : EstimationClient.ParseEndpoint(primary),
            AdvertisedAddress = advertised ?? o.AdvertisedAddress,
            ClusterId = clusterId ?? o.ClusterId,
            ServiceId = serviceId ?? o.ServiceId,
            Threads = threads ?? o.Threads,
            ModelAssemblies = models ?? o.ModelAssemblies,
        };
    }

    private static void CheckPort(int? port, string name)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"The {name} must be in 1..65535, but is {port}.");
        }
    }

    /// <summary>The JSON config file of <c>stochad silo --config</c>.</summary>
    private sealed record SiloConfigFile(
        int? SiloPort, int? GatewayPort, string? Primary, string? Advertise, string? ClusterId, string? ServiceId, int? Threads, string[]? Models);
}
