using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using StochasticAD.Backends;
using StochasticAD.Models;
using StochasticAD.Random;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>
/// One-pass gradients (gradient triple, K partials) against K separate directional runs, on the
/// particle filter (Φ's 4 entries) and the age-group SIR model (K = 4 and 16 groups): time per
/// gradient and per-component variance, measured interleaved in one process (sample i of both on
/// stream i), so load on the machine affects both alike.
/// </summary>
/// <param name="Model">The model's label.</param>
/// <param name="K">Parameters (all in one pass).</param>
/// <param name="Backend">The one-pass run's backend.</param>
/// <param name="Samples">Gradients of each kind.</param>
/// <param name="OnePassSeconds">Mean seconds per one-pass gradient.</param>
/// <param name="SeparateSeconds">Mean seconds per gradient by K separate runs (pruned backend).</param>
/// <param name="VarianceRatios">Per component: one-pass variance / separate-run variance.</param>
/// <param name="NoJumpSeconds">Mean seconds of the same K runs with direction 0 (no jump is ever created): the runs' work without jumps.</param>
internal sealed record GradientStudy(
    string Model, int K, string Backend, int Samples, double OnePassSeconds, double SeparateSeconds, double[] VarianceRatios, double NoJumpSeconds)
{
    /// <summary>
    /// The share of the K separate runs' time that goes to their jumps (1 − no-jump time / time).
    /// A one-pass form that kept one alternative per component would repeat this work K times, so it
    /// bounds that form's cost ratio from below.
    /// </summary>
    public double JumpWorkShare => 1 - (NoJumpSeconds / SeparateSeconds);

    /// <summary>Gradients of each kind computed before the measurement.</summary>
    private const int WarmUpCalls = 50;

    /// <summary>Cost of one pass relative to K separate runs (target ≤ 0.4).</summary>
    public double CostRatio => OnePassSeconds / SeparateSeconds;

    /// <summary>The median of the per-component variance ratios.</summary>
    public double MedianVarianceRatio => Median(VarianceRatios);

    /// <summary>The largest per-component variance ratio (target ≤ 1.5).</summary>
    public double MaxVarianceRatio => VarianceRatios.Max();

    /// <summary>Every case of the study; <paramref name="quick"/> takes a fifth of the samples.</summary>
    public static IReadOnlyList<GradientStudy> RunAll(bool quick, Action<string>? log = null)
    {
        int scale = quick ? 5 : 1;
        var filter = new ParticleFilterPhiModel();
        var cases = new List<GradientStudy>
        {
            Run<PrunedJumps, Partials4>("particle-filter-phi (T 20, m 1000)", filter, filter.DefaultP(), 200 / scale),
        };
        foreach (int k in (int[])[4, 16])
        {
            var sir = new AgeGroupSirModel(groups: k);
            double[] p = sir.DefaultP();
            string label = string.Create(CultureInfo.InvariantCulture, $"sir-age-groups ({k} groups of 100, 30 steps)");
            cases.Add(k == 4
                ? Run<PrunedJumps, Partials4>(label, sir, p, 2000 / scale)
                : Run<PrunedJumps, Partials16>(label, sir, p, 2000 / scale));
            if (k == 4)
            {
                // The exact backend keeps every event: no competition between the components' events.
                // The K-event backends sit between: up to K events, so up to K components keep their own.
                cases.Add(Run<PrunedKJumps<TwoEvents>, Partials4>(label, sir, p, 500 / scale));
                cases.Add(Run<PrunedKJumps<FourEvents>, Partials4>(label, sir, p, 500 / scale));
                cases.Add(Run<ExactJumps, Partials4>(label, sir, p, 500 / scale));
            }
        }

        foreach (GradientStudy c in cases)
        {
            log?.Invoke(c.ToString());
        }

        return cases;
    }

    /// <summary>Measures one case.</summary>
    public static GradientStudy Run<TJumps, TPartials>(string label, IVectorStochasticModel model, double[] p, int samples, long seed = 14)
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials>
    {
        int k = p.Length;
        var unit = new double[k][];
        for (int j = 0; j < k; j++)
        {
            unit[j] = new double[k];
            unit[j][j] = 1;
        }

        // Warm up both paths so the JIT has optimised them: a model's run method is tiered up after
        // 30 calls, so fewer warm-up calls than that (there were 20) measured the one pass's first
        // samples in unoptimised code (the separate runs call the model K times per gradient and were warm).
        var zero = new double[k][];
        for (int j = 0; j < k; j++)
        {
            zero[j] = new double[k];
        }

        for (int i = 0; i < WarmUpCalls; i++)
        {
            OnePass<TJumps, TPartials>(model, p, seed, -1 - i);
            Separate(model, p, unit, seed, -1 - i);
            Separate(model, p, zero, seed, -1 - i);
        }

        var one = new double[samples][];
        var separate = new double[samples][];
        long oneTicks = 0, separateTicks = 0, noJumpTicks = 0;
        for (int i = 0; i < samples; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            one[i] = OnePass<TJumps, TPartials>(model, p, seed, i);
            long t1 = Stopwatch.GetTimestamp();
            separate[i] = Separate(model, p, unit, seed, i);
            long t2 = Stopwatch.GetTimestamp();
            Separate(model, p, zero, seed, i);
            long t3 = Stopwatch.GetTimestamp();
            oneTicks += t1 - t0;
            separateTicks += t2 - t1;
            noJumpTicks += t3 - t2;
        }

        var ratios = new double[k];
        for (int j = 0; j < k; j++)
        {
            ratios[j] = Variance(one, j) / Variance(separate, j);
        }

        double seconds = 1.0 / Stopwatch.Frequency / samples;
        return new GradientStudy(label, k, TJumps.Name, samples, oneTicks * seconds, separateTicks * seconds, ratios, noJumpTicks * seconds);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double[] OnePass<TJumps, TPartials>(IVectorStochasticModel model, double[] p, long seed, long i)
        where TJumps : struct, IJumps<TJumps>
        where TPartials : struct, IPartials<TPartials>
    {
        StochasticRandom rng = StochasticRandom.ForStream(seed, i);
        return Derivative.Gradient<TJumps, TPartials>(q => model.Run<GradientTriple<TJumps, TPartials>>(q, rng), p);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double[] Separate(IVectorStochasticModel model, double[] p, double[][] directions, long seed, long i)
    {
        var g = new double[p.Length];
        for (int j = 0; j < p.Length; j++)
        {
            StochasticRandom rng = StochasticRandom.ForStream(seed, i);
            g[j] = Derivative.Directional<PrunedJumps>(q => model.Run<StochasticTriple<PrunedJumps>>(q, rng), p, directions[j]);
        }

        return g;
    }

    private static double Variance(double[][] rows, int j)
    {
        double mean = rows.Average(r => r[j]);
        return rows.Sum(r => (r[j] - mean) * (r[j] - mean)) / (rows.Length - 1);
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }

    /// <summary>The markdown section: one row per case.</summary>
    public static void WriteTo(StringBuilder sb, IReadOnlyList<GradientStudy> studies)
    {
        sb.Append("## Gradients: one pass vs K separate runs\n\n");
        sb.Append("Gradient triple with K partials (method §13) against K directional runs of the pruned scalar triple, ")
          .Append("interleaved in one process, sample i of both on stream i. Targets: cost ≤ 0.4 × K runs, variance per component ≤ 1.5 × ")
          .Append("the separate runs'. Jump work: the share of the K runs' time that goes to their jumps (the same runs with direction 0 ")
          .Append("create none); a one-pass form keeping one alternative per component would repeat it K times, so its cost ratio would be at ")
          .Append("least that share (docs/gradients.md). Timings in one process on a shared machine are noisy.\n\n");
        var table = new MarkdownTable("model", "K", "one-pass backend", "samples", "one pass", "K runs", "cost ratio", "variance ratio (median)", "variance ratio (max)", "jump work of K runs");
        foreach (GradientStudy s in studies)
        {
            table.Add(s.Model, s.K.ToString(CultureInfo.InvariantCulture), s.Backend, s.Samples.ToString(CultureInfo.InvariantCulture),
                Format.Seconds(TimeSpan.FromSeconds(s.OnePassSeconds)), Format.Seconds(TimeSpan.FromSeconds(s.SeparateSeconds)),
                Format.Number(s.CostRatio), Format.Number(s.MedianVarianceRatio), Format.Number(s.MaxVarianceRatio), Format.Number(s.JumpWorkShare));
        }

        table.WriteTo(sb);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Model}, K = {K}, {Backend}: one pass {OnePassSeconds * 1e3:F3} ms, K runs {SeparateSeconds * 1e3:F3} ms, cost ratio {CostRatio:F3}, variance ratio median {MedianVarianceRatio:F2} max {MaxVarianceRatio:F2}, jump work of K runs {JumpWorkShare:F2} ({Samples} samples)");
}
