namespace StochasticAD;

/// <summary>The estimators of dE[X(p)]/dp that <see cref="Estimator"/> offers (method §11 for the baselines).</summary>
public enum EstimatorKind
{
    /// <summary>Stochastic triples with the default (pruned) backend: unbiased, low variance.</summary>
    Triple,

    /// <summary>Score function (REINFORCE): f(X)·Σ score + pathwise part. Unbiased, often high variance.</summary>
    Score,

    /// <summary>Score function with a control variate: (f(X) − b)·Σ score + pathwise, b the mean of f from a separate batch.</summary>
    ScoreControlVariate,

    /// <summary>Central finite differences with common random numbers: (f(p + h; s) − f(p − h; s)) / 2h. Biased by O(h²).</summary>
    FiniteDifference,
}
