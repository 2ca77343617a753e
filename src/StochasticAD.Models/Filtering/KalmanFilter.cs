using System.Numerics;
using StochasticAD.Backends;

namespace StochasticAD.Filtering;

/// <summary>
/// The Kalman filter's exact log-likelihood log p(y_1..y_T | Φ) of a <see cref="LinearGaussianSystem"/>,
/// written once over the number type: with <c>double</c> it is the value; with a stochastic
/// triple (no randomness is involved, so the triple is a plain dual number) it is the exact
/// derivative along the dual parts of Φ's entries — the ground truth for the particle filter.
/// </summary>
public static class KalmanFilter
{
    /// <summary>log p(y_1..y_T | Φ) for the system's observations, start and noise.</summary>
    /// <typeparam name="T">The number type: <c>double</c>, or a triple to differentiate.</typeparam>
    /// <param name="system">The system (observations, start, q, r).</param>
    /// <param name="phi">Φ's entries, row-major [Φ₁₁, Φ₁₂, Φ₂₁, Φ₂₂].</param>
    /// <exception cref="ArgumentException"><paramref name="phi"/> does not have 4 entries.</exception>
    public static T LogLikelihood<T>(LinearGaussianSystem system, ReadOnlySpan<T> phi)
        where T : INumber<T>, ILogarithmicFunctions<T>
    {
        ArgumentNullException.ThrowIfNull(system);
        LinearGaussianSystem.CheckPhi(phi.Length, nameof(phi));
        var transition = Mat2<T>.FromRowMajor(phi);
        var q = Mat2<T>.Scalar(T.CreateChecked(LinearGaussianSystem.ProcessVariance));
        var r = Mat2<T>.Scalar(T.CreateChecked(LinearGaussianSystem.ObservationVariance));
        T half = T.CreateChecked(0.5);
        T logTwoPi = T.CreateChecked(Math.Log(2 * Math.PI));

        // The start is known exactly: mean x₀, covariance 0.
        var mean = new Vec2<T>(T.CreateChecked(system.Start[0]), T.CreateChecked(system.Start[1]));
        var cov = Mat2<T>.Scalar(T.Zero);
        T logLikelihood = T.Zero;
        for (int t = 1; t <= system.Steps; t++)
        {
            // Predict.
            mean = transition * mean;
            cov = (transition * cov * transition.Transpose()) + q;

            // Innovation y − H·mean with H = I, its covariance S = P + R, and the Gaussian log density of the
            // innovation (d = 2): −log 2π − ½ log det S − ½ eᵀS⁻¹e.
            (double yx, double yy) = system.Observation(t);
            Vec2<T> innovation = new Vec2<T>(T.CreateChecked(yx), T.CreateChecked(yy)) - mean;
            Mat2<T> s = cov + r;
            Mat2<T> sInverse = s.Inverse();
            logLikelihood += -logTwoPi - (half * T.Log(s.Determinant())) - (half * innovation.Dot(sInverse * innovation));

            // Update with the gain K = P·S⁻¹: mean + K·e, (I − K)·P.
            Mat2<T> gain = cov * sInverse;
            mean += gain * innovation;
            cov = (Mat2<T>.Identity - gain) * cov;
        }

        return logLikelihood;
    }

    /// <summary>The exact gradient of log p(y | Φ) in Φ's four entries (one dual pass per entry).</summary>
    /// <param name="system">The system.</param>
    /// <param name="phi">Φ's entries, row-major.</param>
    public static double[] LogLikelihoodGradient(LinearGaussianSystem system, ReadOnlySpan<double> phi)
    {
        ArgumentNullException.ThrowIfNull(system);
        LinearGaussianSystem.CheckPhi(phi.Length, nameof(phi));
        return Derivative.Gradient<PrunedJumps>(entries => LogLikelihood<StochasticTriple<PrunedJumps>>(system, entries), phi);
    }

    /// <summary>The exact derivative of log p(y | Φ + t·direction) in t at t = 0.</summary>
    /// <param name="system">The system.</param>
    /// <param name="phi">Φ's entries, row-major.</param>
    /// <param name="direction">The direction in Φ's entries, row-major.</param>
    public static double LogLikelihoodDirectional(LinearGaussianSystem system, ReadOnlySpan<double> phi, ReadOnlySpan<double> direction)
    {
        ArgumentNullException.ThrowIfNull(system);
        LinearGaussianSystem.CheckPhi(phi.Length, nameof(phi));
        return Derivative.Directional<PrunedJumps>(entries => LogLikelihood<StochasticTriple<PrunedJumps>>(system, entries), phi, direction);
    }

    /// <summary>The exact gradient of the likelihood p(y | Φ) itself (not its log): p·∇log p.</summary>
    /// <param name="system">The system.</param>
    /// <param name="phi">Φ's entries, row-major.</param>
    public static double[] LikelihoodGradient(LinearGaussianSystem system, ReadOnlySpan<double> phi)
    {
        double likelihood = Math.Exp(LogLikelihood(system, phi));
        return Array.ConvertAll(LogLikelihoodGradient(system, phi), g => likelihood * g);
    }
}
