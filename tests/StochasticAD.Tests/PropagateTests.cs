using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Random;
using StochasticAD.Tests.Statistics;
using Xunit.Abstractions;
using Triple = StochasticAD.StochasticTriple<StochasticAD.Backends.PrunedJumps>;

namespace StochasticAD.Tests;

/// <summary>
/// Propagate: exact jumps of propagated functions (one-argument, two-argument, arrays,
/// structures), the two bugs open in the Julia package (#125: keep_deltas loses δ; #128:
/// triples inside structures are not passed through), memoisation, and unbiasedness of
/// functions that no triple arithmetic could go through (strings, branches).
/// </summary>
public class PropagateTests(ITestOutputHelper output)
{
    private const double P = 0.7;

    /// <summary>A parameter of a fresh run and a Poisson(p) draw: the draw always carries the jump +1 with weight δ = 1 (method §3).</summary>
    private static (Triple Q, Triple K) ParameterAndPoisson(long seed)
    {
        var q = Triple.Parameter(P, 1, new DifferentiationRun());
        Triple k = new StochasticRandom(seed).Poisson(q);
        Jump j = Assert.Single(k.JumpList);
        Assert.Equal(1, j.Delta);
        Assert.Equal(1, j.Weight);
        return (q, k);
    }

    private static Jump SingleJump(Triple t) => Assert.Single(t.JumpList);

    // ============================================================================ Julia #125: keep_deltas must keep δ of every input

    [Fact]
    public void Issue125_keepDeltas_adding_two_triples_keeps_both_dual_parts()
    {
        (Triple q, Triple k) = ParameterAndPoisson(11);
        Triple x = (q * q) + k;   // δ = 2p, jump +1
        Triple y = 3 * q * (k + 1); // δ = 3(k + 1) ≠ 0, jump 3p

        Triple sum = Propagate.Map((a, b) => a + b, x, y, keepDeltas: true);
        Triple direct = x + y;

        Assert.NotEqual(0, y.Dual);
        Assert.Equal(x.Dual + y.Dual, sum.Dual);
        Assert.Equal(direct.Value, sum.Value);
        Assert.Equal(direct.Dual, sum.Dual, 12);
        Jump j = SingleJump(sum);
        Assert.Equal(SingleJump(k).EventId, j.EventId);
        Assert.Equal(1 + (3 * P), j.Delta, 12);
        Assert.Equal(direct.Derivative, sum.Derivative, 12);
        output.WriteLine($"x = {x}, y = {y}, propagate(+) = {sum}");
    }

    [Fact]
    public void Without_keepDeltas_the_dual_part_is_dropped_and_comparisons_inside_never_throw()
    {
        (Triple q, Triple k) = ParameterAndPoisson(12);
        Triple x = (q * q) + k;

        // Outside propagate, x > k.Value + 0.6 would throw: the jump +1 does not flip it, but x < k.Value + 1 would.
        Assert.Throws<PredicateDependsOnJumpException>(() => x < k.Value + 1);
        Triple y = Propagate.Map(a => a < k.Value + 1 ? a * 10 : a, x);

        Assert.Equal(0, y.Dual);
        Assert.Equal(x.Value * 10, y.Value, 12);
        Assert.Equal((x.Value + 1) - (x.Value * 10), SingleJump(y).Delta, 12);
    }

    [Fact]
    public void A_captured_triple_with_a_jump_is_refused()
    {
        (Triple q, Triple k) = ParameterAndPoisson(13);
        var e = Assert.Throws<InvalidOperationException>(() => Propagate.Map(a => a + k, q));
        Assert.Contains("not one of its inputs", e.Message, StringComparison.Ordinal);
    }

    // ============================================================================ several outputs: one call per event

    [Fact]
    public void Array_form_calls_the_function_once_per_path_not_once_per_output()
    {
        (Triple q, Triple k) = ParameterAndPoisson(14);
        int calls = 0;
        Triple[] F(Triple[] v)
        {
            calls++;
            return [v[0] + v[1], v[0] * v[1], Triple.Max(v[0], 1)];
        }

        Triple[] outputs = Propagate.Map(F, [k, 2 * q]);
        Assert.Equal(2, calls); // the primal path and the one event
        double kv = k.Value;
        Assert.Equal(1, SingleJump(outputs[0]).Delta, 12);
        Assert.Equal(2 * P, SingleJump(outputs[1]).Delta, 12);
        Assert.Equal(Math.Max(kv + 1, 1) - Math.Max(kv, 1), outputs[2].JumpList.Sum(j => j.Delta), 12);
        Assert.All(outputs, o => Assert.Equal(outputs[0].Run, o.Run));

        calls = 0;
        Propagate.Map(F, [q, 2 * q]);
        Assert.Equal(1, calls); // no jump: the primal path only
    }

    // ============================================================================ Julia #128: triples inside structures

    private sealed record Particle(string Name, Triple Position, List<Triple> History, (Triple Size, string Label) Tag);

    private static Particle Step(Particle p) =>
        new(p.Name + "!", p.Position * 2, [.. p.History.Select(h => h + p.Position)], (p.Tag.Size * p.Tag.Size, p.Tag.Label));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Issue128_triples_inside_records_lists_and_tuples_pass_through_with_their_jumps(bool keepDeltas)
    {
        (Triple q, Triple k) = ParameterAndPoisson(15);
        double kv = k.Value;
        var input = new Particle("a", k, [k * k, 3], (k + q, "t"));

        Particle result = Propagate.MapStructure(Step, input, keepDeltas);
        output.WriteLine($"k = {k}; Position {result.Position}; History [{string.Join("; ", result.History)}]; Tag ({result.Tag.Size}, {result.Tag.Label})");

        Assert.Equal("a!", result.Name);
        Assert.Equal("t", result.Tag.Label);
        long ev = SingleJump(k).EventId;

        Assert.Equal(2 * kv, result.Position.Value);
        Assert.Equal(2, SingleJump(result.Position).Delta);

        Assert.Equal(2, result.History.Count);
        Assert.Equal((kv * kv) + kv, result.History[0].Value, 12);
        Assert.Equal((2 * kv) + 2, SingleJump(result.History[0]).Delta, 12);
        Assert.Equal(3 + kv, result.History[1].Value, 12);
        Assert.Equal(1, SingleJump(result.History[1]).Delta, 12);

        double s = kv + P;
        Assert.Equal(s * s, result.Tag.Size.Value, 12);
        Assert.Equal((2 * s) + 1, SingleJump(result.Tag.Size).Delta, 12);
        Assert.Equal(keepDeltas ? 2 * s : 0, result.Tag.Size.Dual, 12);

        Triple[] all = [result.Position, .. result.History, result.Tag.Size];
        Assert.All(all, t => Assert.Equal(ev, SingleJump(t).EventId));
        Assert.All(all, t => Assert.Same(q.Run, t.Run));

        // The input structure is not modified.
        Assert.Equal(k, input.Position);
        Assert.Equal(k, input.Tag.Size - q);
    }

    [Fact]
    public void Structure_form_walks_arrays_tuples_and_classes_and_passes_other_leaves_through()
    {
        (Triple q, Triple k) = ParameterAndPoisson(16);
        var shared = new List<string> { "unchanged" };
        var input = Tuple.Create(new[] { k, q }, shared, new Holder { Value = k * 3, Note = "n" });
        var result = Propagate.MapStructure(
            t => (Sum: t.Item1[0] + t.Item1[1] + t.Item3.Value, Text: t.Item2, Holder: t.Item3),
            input);

        Assert.Same(shared, result.Text);
        Assert.Equal(4, SingleJump(result.Sum).Delta, 12);
        Assert.Equal(3, SingleJump(result.Holder.Value).Delta, 12);
        Assert.Equal("n", result.Holder.Note);
        Assert.NotSame(input.Item3, result.Holder); // rebuilt with the output triple
    }

    private sealed class Holder
    {
        public Triple Value { get; init; }

        public string Note { get; init; } = "";
    }

    [Fact]
    public void Structure_without_triples_runs_the_function_once_as_is()
    {
        int calls = 0;
        string result = Propagate.MapStructure(s => { calls++; return s + "!"; }, "x");
        Assert.Equal("x!", result);
        Assert.Equal(1, calls);
    }

    // ============================================================================ unbiasedness

    /// <summary>
    /// X = 9 + Bernoulli(p) goes through text: "9" has one character, "10" two. f(X) = 3 if the
    /// text is short, else 7: E = 3(1 − p) + 7p = 3 + 4p, so dE/dp = 4 at every p. With a
    /// comparison instead: f(X) = X ≥ 10 ? X² : X, E = 9(1 − p) + 100p, dE/dp = 91.
    /// </summary>
    [Theory]
    [InlineData("string length", +1, 3101)]
    [InlineData("string length", -1, 3102)]
    [InlineData("comparison", +1, 3103)]
    [InlineData("comparison", -1, 3104)]
    public void Branch_on_a_string_or_comparison_inside_propagate_is_unbiased(string kind, double direction, long seed)
    {
        const double p = 0.3;
        Func<Triple, Triple> f = kind == "string length"
            ? v => v.Value.ToString(CultureInfo.InvariantCulture).Length < 2 ? 3.0 : 7.0
            : v => v >= 10 ? v * v : v;
        double exact = direction * (kind == "string length" ? 4 : 91);

        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(() => Derivative.Estimate(q => Propagate.Map(f, 9 + rng.Bernoulli(q)), p, direction), 20_000);
        Estimates.AssertUnbiased($"propagate {kind} of 9 + Bernoulli({p}), direction {direction:+0;-0}", exact, stats, output, seed: seed);
    }

    /// <summary>
    /// Two inputs from independent events (pruned against each other inside propagate):
    /// X ~ Bernoulli(p), Y ~ Binomial(3, p), f = 5 if X + Y ≥ 2 else 1, so
    /// E = 1 + 4·[p·P(Y ≥ 1) + (1 − p)·P(Y ≥ 2)], differentiated by central difference on the exact sum.
    /// </summary>
    [Theory]
    [InlineData(+1, 3105)]
    [InlineData(-1, 3106)]
    public void Two_coupled_inputs_are_unbiased(double direction, long seed)
    {
        const double p = 0.4;
        static double Mean(double p)
        {
            double atLeast1 = 1 - Estimates.BinomialPmf(3, p, 0);
            double atLeast2 = atLeast1 - Estimates.BinomialPmf(3, p, 1);
            return 1 + (4 * ((p * atLeast1) + ((1 - p) * atLeast2)));
        }

        double exact = direction * (Mean(p + 1e-5) - Mean(p - 1e-5)) / 2e-5;
        var rng = new StochasticRandom(seed);
        var stats = Estimates.Sample(
            () => Derivative.Estimate(
                q => Propagate.Map((a, b) => a.Value + b.Value >= 2 ? 5.0 : 1.0, rng.Bernoulli(q), rng.Binomial(3, q)),
                p,
                direction),
            20_000);
        Estimates.AssertUnbiased($"propagate 1[X + Y >= 2] of Bernoulli({p}), Binomial(3, {p}), direction {direction:+0;-0}", exact, stats, output, seed: seed);
    }
}
