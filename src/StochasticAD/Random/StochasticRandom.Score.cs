namespace StochasticAD.Random;

/// <summary>
/// Accumulates the score Σ δ·∂/∂θ log P(draw) of the discrete draws of one run, for the score
/// function (REINFORCE) baseline (method §11). Attach it to a generator with
/// <see cref="StochasticRandom.Score"/> and run the model on triples: while it is attached,
/// every discrete draw adds its term here and returns its sample with no jump, so the output's
/// dual part is the pathwise part (continuous draws and deterministic dependence on p).
/// </summary>
/// <remarks>The score function estimate of one run is <c>f(X)·Score + dual part of f</c>.</remarks>
public sealed class ScoreRecorder
{
    /// <summary>The accumulated score of the draws so far.</summary>
    public double Score { get; private set; }

    /// <summary>The number of discrete draws that contributed.</summary>
    public long Draws { get; private set; }

    /// <summary>Adds one draw's term δ·∂/∂θ log P(x).</summary>
    /// <param name="term">The term.</param>
    public void Add(double term)
    {
        Score += term;
        Draws++;
    }

    /// <summary>Sets the score back to 0, for reuse in the next run.</summary>
    public void Reset()
    {
        Score = 0;
        Draws = 0;
    }
}

// The optional score accumulator of the generator (see ScoreRecorder).
public sealed partial class StochasticRandom
{
    /// <summary>
    /// When set, discrete draws on triples do not create or carry jumps; they add
    /// δ·∂/∂θ log P(x) to this recorder instead (score function baseline, method §11). Draws
    /// with <c>double</c> parameters are unaffected. Null (the default) for stochastic triples.
    /// </summary>
    public ScoreRecorder? Score { get; set; }
}
