using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace StochasticAD.Orleans;

/// <summary>Where a silo listens and which cluster it joins.</summary>
public sealed record SiloHostOptions
{
    /// <summary>Orleans' default silo-to-silo port.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Orleans' default gateway (client) port.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The silo-to-silo port.</summary>
    public int SiloPort { get; init; } = DefaultSiloPort;

    /// <summary>The port clients connect to (<c>--cluster host:port</c>).</summary>
    public int GatewayPort { get; init; } = DefaultGatewayPort;

    /// <summary>
    /// The silo-to-silo endpoint of the primary silo, which every silo of the (development) membership
    /// protocol contacts first. Default: this host's port 11111, so the first silo started with default
    /// ports is the primary and further silos on the machine join it.
    /// </summary>
    public IPEndPoint? PrimarySilo { get; init; }

    /// <summary>The address other silos and clients reach this silo at. Default: loopback (one machine).</summary>
    public IPAddress AdvertisedAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The cluster id; client and silos must agree.</summary>
    public string ClusterId { get; init; } = EstimationClient.DefaultClusterId;

    /// <summary>The service id; client and silos must agree.</summary>
    public string ServiceId { get; init; } = EstimationClient.DefaultServiceId;

    /// <summary>Threads per batch on this silo; 0 or less means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Assemblies with user models to load (see <see cref="ModelRegistry"/>).</summary>
    public IReadOnlyList<string> ModelAssemblies { get; init; } = [];

    /// <summary>The least level of Orleans' own log lines written to the console.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;
}

/// <summary>Builds silos that run estimation batches.</summary>
public static class EstimationSilo
{
    /// <summary>Adds the estimation workers to a silo (used by <see cref="Build"/> and by test clusters).</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="models">The models the silo runs; default the built-in catalog.</param>
    /// <param name="threads">Threads per batch; 0 or less means one per core.</param>
    public static ISiloBuilder AddEstimationWorkers(this ISiloBuilder silo, ModelRegistry? models = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(models ?? new ModelRegistry());
        silo.Services.Configure<WorkerOptions>(o => o.Threads = threads);
        return silo;
    }

    /// <summary>A host running one silo as <paramref name="options"/> say (not started).</summary>
    /// <exception cref="FileNotFoundException">A model assembly is missing.</exception>
    /// <exception cref="ArgumentException">A model assembly holds no model, or two models share a name.</exception>
    public static IHost Build(SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelRegistry models = ModelRegistry.FromAssemblies(options.ModelAssemblies);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(options.LogLevel)


            // At the default level, two start-up warnings are noise: the advice to turn on server GC (the
            // estimates do not need it), and the watchdog's first check, which reports the machine's uptime as a stall.
            .AddFilter("Orleans.Runtime.Silo", Quiet(options.LogLevel))
            .AddFilter("Orleans.Runtime.Watchdog", Quiet(options.LogLevel));
        builder.UseOrleans(silo =>
        {
            IPEndPoint primary = options.PrimarySilo ?? new IPEndPoint(options.AdvertisedAddress, SiloHostOptions.DefaultSiloPort);
            silo.UseDevelopmentClustering(primary)
                .ConfigureEndpoints(options.AdvertisedAddress, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(options.AdvertisedAddress))
                .Configure<ClusterOptions>(c =>
                {
                    c.ClusterId = options.ClusterId;
                    c.ServiceId = options.ServiceId;
                })
                .AddEstimationWorkers(models, options.Threads);
        });
        return builder.Build();
    }

    private static Func<LogLevel, bool> Quiet(LogLevel chosen) =>
        level => level >= (chosen >= LogLevel.Warning ? LogLevel.Error : chosen);
}
