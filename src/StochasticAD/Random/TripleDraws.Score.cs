using StochasticAD.Distributions;

namespace StochasticAD.Random;

// Score function mode of the triple draws (method §11): used only while a ScoreRecorder is
// attached to the generator (StochasticRandom.Score). The draw is sampled at the primal
// parameter, δ·∂/∂θ log P(x) is added to the recorder, and the output is the sample with no
// dual part and no jump, so that only continuous draws contribute pathwise.
internal sealed partial class TripleDraws<TJumps>
{
    /// <summary>Records <paramref name="term"/> and returns the bare sample <paramref name="x"/> of <paramref name="run"/>.</summary>
    private static StochasticTriple<TJumps> ScoreOnly(ScoreRecorder recorder, int x, DifferentiationRun? run, double term)
    {
        recorder.Add(term);
        return StochasticTriple<TJumps>.FromParts(x, 0, default, run);
    }

    /// <summary>∂/∂θ log P(x; θ) for the one-parameter families; terms whose factor is 0 are skipped (so p = 0 or 1 stays finite).</summary>
    private static double LogDerivative<TDist>(in TDist dist, int x) where TDist : struct, IDiscreteFamily<TDist>
    {
        switch (dist)
        {
            case Bernoulli b:
                return x == 1 ? 1 / b.P : -1 / (1 - b.P);
            case Binomial b:
                return (x > 0 ? x / b.P : 0) - (b.N - x > 0 ? (b.N - x) / (1 - b.P) : 0);
            case Geometric g:
                // P(x) = (1 − p)^x p
                return (1 / g.P) - (x > 0 ? x / (1 - g.P) : 0);
            case Poisson po:
                return (x > 0 ? x / po.Lambda : 0) - 1;
            default:
                throw new NotSupportedException($"The score function is not implemented for {typeof(TDist).Name}.");
        }
    }

    /// <summary>The score term δ·∂/∂θ log P(x), 0 when the parameter has no dual part.</summary>
    private static double ScoreTerm<TDist>(in TDist dist, int x, double dual) where TDist : struct, IDiscreteFamily<TDist> =>
        dual == 0 ? 0 : dual * LogDerivative(dist, x);
}
