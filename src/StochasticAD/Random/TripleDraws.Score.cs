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

    /// <summary>The score term δ·∂/∂θ log P(x), 0 when the parameter has no dual part.</summary>
    private static double ScoreTerm<TDist>(in TDist dist, int x, double dual) where TDist : struct, IDiscreteFamily<TDist> =>
        dual == 0 ? 0 : dual * dist.LogPmfDerivative(x);
}
