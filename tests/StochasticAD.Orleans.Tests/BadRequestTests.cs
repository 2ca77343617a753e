using Orleans.TestingHost;

namespace StochasticAD.Orleans.Tests;

/// <summary>Bad requests give typed errors that name what is wrong.</summary>
public sealed class BadRequestTests : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    private ClusterEstimator Estimator => new(_cluster!.Client);

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(1);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static ClusterEstimateRequest Walk => new() { Model = "random-walk", P = 10, Options = new() { Samples = 1000 } };

    [Fact]
    public async Task Bad_requests_give_typed_errors()
    {
        var unknown = await Assert.ThrowsAsync<UnknownModelException>(() => Estimator.EstimateAsync(Walk with { Model = "no-such-model" }));
        Assert.Contains("no-such-model", unknown.Message, StringComparison.Ordinal);

        var setting = await Assert.ThrowsAsync<InvalidJobException>(() => Estimator.EstimateAsync(Walk with { Settings = new Dictionary<string, double> { ["steps"] = -3 } }));
        Assert.Contains("steps", setting.Message, StringComparison.Ordinal);
        Assert.Contains("-3", setting.Message, StringComparison.Ordinal);

        var noSuchSetting = await Assert.ThrowsAsync<InvalidJobException>(() => Estimator.EstimateAsync(Walk with { Settings = new Dictionary<string, double> { ["colour"] = 1 } }));
        Assert.Contains("colour", noSuchSetting.Message, StringComparison.Ordinal);

        var p = await Assert.ThrowsAsync<InvalidJobException>(() => Estimator.EstimateAsync(Walk with { P = -1 }));
        Assert.Contains("p = -1", p.Message, StringComparison.Ordinal);

        var estimator = await Assert.ThrowsAsync<ArgumentException>(() => Estimator.EstimateAsync(Walk with { Estimator = "magic" }));
        Assert.Contains("magic", estimator.Message, StringComparison.Ordinal);

        var samples = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Estimator.EstimateAsync(Walk with { Options = new() { Samples = 0 } }));
        Assert.Equal("Samples", samples.ParamName);

        // A backend is a typed value in the options (Backend.Of<TJumps>()), so an unknown one cannot
        // reach the cluster; the name a user types fails where it is parsed.
        var backend = Assert.Throws<ArgumentException>(() => StochasticAD.Backends.BackendCatalog.Parse("quantum"));
        Assert.Contains("quantum", backend.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_of_another_protocol_version_is_refused()
    {
        var silo = _cluster!.GetActiveSilos().First().SiloAddress;
        var worker = _cluster.Client.GetGrain<IEstimationWorkerGrain>(silo.ToParsableString());
        var job = new JobSpec { Model = "random-walk", P = 10, Estimator = "triple", Backend = "pruned", ProtocolVersion = ClusterProtocol.Version + 1 };
        var mismatch = await Assert.ThrowsAsync<ClusterVersionMismatchException>(() => worker.RunBatchAsync(new BatchRequest { Job = job, Start = 0, Count = 10 }, CancellationToken.None));
        Assert.Contains($"version {ClusterProtocol.Version + 1}", mismatch.Message, StringComparison.Ordinal);
    }
}
