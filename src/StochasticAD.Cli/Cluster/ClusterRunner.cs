using System.CommandLine;
using Microsoft.Extensions.Hosting;
using StochasticAD.Orleans;

namespace StochasticAD.Cli.Cluster;

/// <summary>
/// The <c>--cluster host:port</c> path of estimate and compare: connects once, then runs each
/// estimate on the cluster with the same request the local engine would get.
/// </summary>
internal sealed class ClusterRunner : IDisposable
{
    /// <summary>How long to try to reach a silo before giving up (exit code 2).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;
    private readonly ClusterEstimator _estimator;
    private readonly string _model;
    private readonly IReadOnlyDictionary<string, double> _settings;

    private ClusterRunner(IHost host, string model, IReadOnlyDictionary<string, double> settings)
    {
        _host = host;
        _estimator = new ClusterEstimator(host.Client());
        _model = model;
        _settings = settings;
    }

    /// <summary>The <c>--cluster</c> option of estimate and compare.</summary>
    public static Option<string?> CreateOption() => new("--cluster")
    {
        Description = "Run on an estimation cluster through this gateway, host:port (e.g. localhost:30000 of 'stochad silo'); comma-separate several gateways.",
    };

    /// <summary>Connects to the gateways of <paramref name="gateways"/> (null: no cluster, returns null).</summary>
    /// <exception cref="ArgumentException">A malformed gateway.</exception>
    /// <exception cref="ClusterUnavailableException">No silo answered within <see cref="ConnectTimeout"/>.</exception>
    public static ClusterRunner? Connect(string? gateways, string model, IReadOnlyDictionary<string, double> settings, CancellationToken ct)
    {
        if (gateways is null)
        {
            return null;
        }

        var endpoints = gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(EstimationClient.ParseEndpoint).ToList();
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("--cluster needs host:port.");
        }

        IHost host = EstimationClient.ConnectAsync(endpoints, ConnectTimeout, cancellationToken: ct).GetAwaiter().GetResult();
        return new ClusterRunner(host, model, settings);
    }

    /// <summary>Runs one estimate ("value" or an estimator's short name) on the cluster.</summary>
    public EstimationResult Run(double p, string estimator, EstimationOptions options, IProgress<EstimationProgress>? progress, CancellationToken ct) =>
        _estimator.EstimateAsync(
            new ClusterEstimateRequest { Model = _model, Settings = _settings, P = p, Estimator = estimator, Options = options },
            progress, ct).GetAwaiter().GetResult();

    public void Dispose()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            _host.StopAsync(grace.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Leaving without a goodbye is fine for a client.
        }

        _host.Dispose();
    }

}
