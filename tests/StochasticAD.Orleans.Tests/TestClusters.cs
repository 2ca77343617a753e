using Orleans.TestingHost;
using StochasticAD.Models;

namespace StochasticAD.Orleans.Tests;

/// <summary>In-process clusters whose silos run estimation workers on one thread each, and the local reference.</summary>
internal static class TestClusters
{
    public static async Task<InProcessTestCluster> StartAsync(short silos)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo.AddEstimationWorkers(threads: 1));
        InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The local engine's answer to the same request.</summary>
    public static EstimationResult Local(ClusterEstimateRequest request)
    {
        StochasticModel model = ModelCatalog.Create(request.Model, request.Settings);
        EstimationOptions options = request.Options with { MaxDegreeOfParallelism = 2 };
        return request.Estimator == "value"
            ? Estimator.Mean(model, request.P, options)
            : Estimator.Derivative(model, request.P, Estimator.TryParse(request.Estimator, out EstimatorKind k) ? k : throw new ArgumentException(request.Estimator), options);
    }

    /// <summary>Asserts the bits of mean, standard error, deviation and count, and the labels.</summary>
    public static void AssertSameBits(EstimationResult expected, EstimationResult actual, string what)
    {
        Assert.False(actual.Partial, what);
        Assert.Equal(expected.Samples, actual.Samples);
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected.Mean) == BitConverter.DoubleToInt64Bits(actual.Mean)
            && BitConverter.DoubleToInt64Bits(expected.StandardError) == BitConverter.DoubleToInt64Bits(actual.StandardError)
            && BitConverter.DoubleToInt64Bits(expected.StandardDeviation) == BitConverter.DoubleToInt64Bits(actual.StandardDeviation),
            $"{what}: local {expected.Mean:R} ± {expected.StandardError:R} (sd {expected.StandardDeviation:R}), cluster {actual.Mean:R} ± {actual.StandardError:R} (sd {actual.StandardDeviation:R})");
        Assert.Equal((expected.Model, expected.Estimator, expected.Backend, expected.P), (actual.Model, actual.Estimator, actual.Backend, actual.P));
    }
}
