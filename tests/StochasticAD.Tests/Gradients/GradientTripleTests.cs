using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using G4 = StochasticAD.GradientTriple<StochasticAD.Backends.PrunedJumps, StochasticAD.Partials4>;

namespace StochasticAD.Tests.Gradients;

/// <summary>The one-pass gradient (method §13): every component unbiased, in both signs, on every backend that keeps jumps.</summary>
public class GradientTripleTests(ITestOutputHelper output)
{
    private const int Samples = 20_000;

    /// <summary>Mean of N one-pass gradient estimates, component by component, against the exact gradient.</summary>
    private void AssertGradientUnbiased<TJumps, TPartials>(
        string label, Func<GradientTriple<TJumps, TPartials>[], StochasticRandom, GradientTriple<TJumps, TPartials>> program,
        double[] p, double[] exact, int samples = Samples)
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials>
    {
        long seed = Estimates.StableSeed(label);
        var rng = new StochasticRandom(seed);
        var runs = new double[samples][];
        for (int i = 0; i < samples; i++)
        {
            runs[i] = Derivative.Gradient<TJumps, TPartials>(v => program(v, rng), p);
        }

        for (int j = 0; j < p.Length; j++)
        {
            int component = j;
            int next = 0;
            var stats = Estimates.Sample(() => runs[next++][component], samples);
            Estimates.AssertUnbiased(string.Create(CultureInfo.InvariantCulture, $"{label} ∂/∂p{j}"), exact[j], stats, output, seed: seed);
        }
    }

    public static TheoryData<int> Signs() => new() { 1, -1 };

    [Theory]
    [MemberData(nameof(Signs))]
    public void Partials_of_opposite_signs_in_one_draw_are_each_unbiased(int sign)
    {
        // sign −1 runs the program at −p with every parameter negated inside: the left rules.
        double[] p = [0.6, 0.3, 0.45];
        double[] at = [.. p.Select(x => sign * x)];
        double[] exact = GradientPrograms.ExactGradient(v => GradientPrograms.MixedMean(sign * v[0], sign * v[1], sign * v[2]), at);
        AssertGradientUnbiased<PrunedJumps, Partials4>(
            $"mixed signs, sign {sign}", (v, rng) => GradientPrograms.Mixed([.. v.Select(x => sign * x)], rng), at, exact);
    }

    [Theory]
    [MemberData(nameof(Signs))]
    public void Binomial_with_a_random_number_of_trials(int sign)
    {
        double[] p = [0.55, 0.4];
        double[] at = [.. p.Select(x => sign * x)];
        double[] exact = GradientPrograms.ExactGradient(v => GradientPrograms.RandomTrialsMean(sign * v[0], sign * v[1]), at);
        AssertGradientUnbiased<PrunedJumps, Partials2>(
            $"random trials, sign {sign}", (v, rng) => GradientPrograms.RandomTrials([.. v.Select(x => sign * x)], rng), at, exact);
    }

    [Theory]
    [MemberData(nameof(Signs))]
    public void Categorical_with_every_entry_a_function_of_several_parameters(int sign)
    {
        double[] p = [0.7, 0.9, 0.5];
        double[] at = [.. p.Select(x => sign * x)];
        double[] exact = GradientPrograms.ExactGradient(v => GradientPrograms.CategoricalMean(sign * v[0], sign * v[1], sign * v[2]), at);
        AssertGradientUnbiased<PrunedJumps, Partials4>(
            $"categorical, sign {sign}", (v, rng) => GradientPrograms.Categorical([.. v.Select(x => sign * x)], rng), at, exact);
    }

    [Fact]
    public void More_parameters_than_one_chunk_run_chunk_by_chunk()
    {
        double[] p = [0.3, 1.2, 0.6, 0.4, 0.8, 2.0, 0.1];
        double[] exact = GradientPrograms.ExactGradient(GradientPrograms.ManyMean, p);
        AssertGradientUnbiased<PrunedJumps, Partials2>("many, chunks of 2", GradientPrograms.Many, p, exact, 10_000);
        AssertGradientUnbiased<PrunedJumps, Partials4>("many, chunks of 4", GradientPrograms.Many, p, exact, 10_000);
        AssertGradientUnbiased<PrunedJumps, Partials16>("many, one chunk of 16", GradientPrograms.Many, p, exact, 10_000);
    }

    [Fact]
    public void Exact_backend_is_an_unbiased_oracle()
    {
        double[] p = [0.6, 0.3, 0.45];
        double[] exact = GradientPrograms.ExactGradient(v => GradientPrograms.MixedMean(v[0], v[1], v[2]), p);
        AssertGradientUnbiased<ExactJumps, Partials4>("mixed, exact backend2", GradientPrograms.Mixed, p, exact, 40_000);
        AssertGradientUnbiased<PrunedKJumps<FourEvents>, Partials4>("mixed, pruned-4 backend", GradientPrograms.Mixed, p, exact, 10_000);
    }

    [Fact]
    public void Every_backend_is_unbiased_per_component_on_a_linear_program()
    {
        // Linear in the draws, so the smoothed backend is unbiased too: ∇E = (1, 2, 3, 4)·(draw means' slopes = 1).
        double[] p = [0.3, 1.2, 0.6, 0.4];
        double[] exact = [1, 2, 3, 4];
        static T Linear<T>(T[] v, StochasticRandom rng) where T : System.Numerics.INumber<T>
        {
            T s = T.Zero;
            for (int i = 0; i < v.Length; i++)
            {
                s += T.CreateChecked(i + 1) * (i % 2 == 0 ? rng.Bernoulli(v[i]) : rng.Poisson(v[i]));
            }

            return s;
        }

        AssertGradientUnbiased<PrunedJumps, Partials4>("linear, pruned", Linear, p, exact, 5000);
        AssertGradientUnbiased<PrunedKJumps<TwoEvents>, Partials4>("linear, pruned-2", Linear, p, exact, 5000);
        AssertGradientUnbiased<PrunedJumps<ByWins>, Partials4>("linear, pruned-wins", Linear, p, exact, 5000);
        AssertGradientUnbiased<PrunedJumps<Aggressive>, Partials4>("linear, aggressive", Linear, p, exact, 5000);
        AssertGradientUnbiased<ExactJumps, Partials4>("linear, exact", Linear, p, exact, 5000);
        AssertGradientUnbiased<SmoothedJumps, Partials4>("linear, smoothed", Linear, p, exact, 5000);
    }

    [Fact]
    public void One_pass_mean_equals_the_mean_of_separate_directional_runs()
    {
        double[] p = [0.6, 0.3, 0.45];
        long seed = Estimates.StableSeed("one pass vs directional");
        var rngOne = new StochasticRandom(seed);
        var rngSeparate = new StochasticRandom(seed + 1);
        const int n = 20_000;
        for (int j = 0; j < p.Length; j++)
        {
            int component = j;
            var one = Estimates.Sample(() => Derivative.Gradient<Partials4>(v => GradientPrograms.Mixed(v, rngOne), p)[component], n);
            double[] direction = new double[p.Length];
            direction[j] = 1;
            var separate = Estimates.Sample(() => Derivative.Directional(v => GradientPrograms.Mixed(v, rngSeparate), p, direction), n);
            double z = (one.Mean - separate.Mean) / Math.Sqrt((one.StdErr * one.StdErr) + (separate.StdErr * separate.StdErr));
            string line = string.Create(CultureInfo.InvariantCulture,
                $"component {j}: seed {seed}, one pass {one.Mean:G6} ± {one.StdErr:G3} (std {one.Std:G4}), separate {separate.Mean:G6} ± {separate.StdErr:G3} (std {separate.Std:G4}), z = {z:F2}, variance ratio {one.Std * one.Std / (separate.Std * separate.Std):F3}");
            output.WriteLine(line);
            Assert.True(Math.Abs(z) <= 4, line);
        }
    }

    [Fact]
    public void Without_randomness_the_gradient_is_the_analytic_one()
    {
        double[] g = Derivative.Gradient<Partials4>(v => (v[0] * v[1]) + G4.Sin(v[2]) + G4.Exp(v[0] / v[2]) + G4.Pow(v[1], v[2]), [0.5, 1.5, 2.0]);
        Assert.Equal(1.5 + (Math.Exp(0.25) / 2), g[0], 12);
        Assert.Equal(0.5 + (2 * 1.5), g[1], 12);
        Assert.Equal(Math.Cos(2.0) - (0.5 * Math.Exp(0.25) / 4) + (Math.Pow(1.5, 2) * Math.Log(1.5)), g[2], 12);
    }

    [Fact]
    public void Bad_input_fails_loudly()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Derivative.Gradient<Partials4>(v => v[0], [double.NaN]));
        Assert.Contains("p[0]", ex.Message, StringComparison.Ordinal);
        var rng = new StochasticRandom(1);
        Assert.Throws<ArgumentException>(() => Derivative.Gradient<Partials2>(v => rng.Binomial(v[0], v[1]), [3.0, 0.5]));
    }

    [Fact]
    public void A_jump_carries_a_weight_vector_per_alternative_outcome()
    {
        // Bernoulli(a − b) at x = 0: the up-jump is shared by a (weight 1/(1−p)); b pushes down, which has no alternative at x = 0.
        var run = new DifferentiationRun();
        var a = G4.Parameter(0.5, 0, run);
        var b = G4.Parameter(0.2, 1, run);
        var rng = new StochasticRandom(3);
        G4 x;
        do
        {
            x = rng.Bernoulli(a - b);
        }
        while (x.Value != 0);

        var jumps = x.JumpList();
        Assert.Single(jumps);
        Assert.Equal(1, jumps[0].Delta);
        Assert.Equal(1 / 0.7, jumps[0].Weights[0], 12);
        Assert.Equal(0, jumps[0].Weights[1]);
        Assert.StartsWith("0 + (0, 0, 0, 0)ε + (1 with probability (1.4285714285714286, 0, 0, 0)ε)", x.ToString(), StringComparison.Ordinal);
    }
}
