using System.Globalization;
using StochasticAD.Random;

namespace StochasticAD.Filtering;

/// <summary>
/// The 2-D linear Gaussian state-space model of the particle-filter example:
/// x_t = Φ·x_{t−1} + w_t, y_t = x_t + v_t for t = 1..T, with w_t ~ N(0, q·I), v_t ~ N(0, r·I),
/// q = 0.02, r = 0.01, and a fixed, known start x₀. The observations y_1..y_T are simulated once
/// from a seed with the true Φ, a rotation, and are then fixed data.
/// </summary>
/// <remarks>
/// <para>
/// Following the Julia package's tutorial (tutorials/particle_filter/model.jl): a matrix M of
/// standard normals is drawn from the seed and Φ = exp(c·(M − Mᵀ)/2) with c = 0.3, which in 2-D is
/// the rotation by the angle α = c·(M₂₁ − M₁₂)/2; the start x₀ is two further standard normals.
/// Differences from the tutorial: our own generator (so the numbers differ), the start is a point
/// (the tutorial uses N(x₀, 0.001·I)), and Φ acts before the first observation, so there are T
/// transitions and T observations (the tutorial observes its start and has T − 1 transitions).
/// </para>
/// <para>
/// Φ's entries are passed around row-major: [Φ₁₁, Φ₁₂, Φ₂₁, Φ₂₂].
/// </para>
/// </remarks>
public sealed class LinearGaussianSystem
{
    /// <summary>The seed the default system (angle, start and observations) is generated from.</summary>
    public const long DefaultSeed = 423_897;

    /// <summary>The process noise variance q (w_t ~ N(0, q·I)).</summary>
    public const double ProcessVariance = 0.02;

    /// <summary>The observation noise variance r (v_t ~ N(0, r·I)).</summary>
    public const double ObservationVariance = 0.01;

    /// <summary>The scale c of the random skew-symmetric generator of the rotation.</summary>
    public const double RotationScale = 0.3;

    private readonly double[] _observations;

    private LinearGaussianSystem(long seed, double angle, double[] start, double[] observations)
    {
        Seed = seed;
        Angle = angle;
        Start = start;
        _observations = observations;
    }

    /// <summary>The seed the angle, start and observations were generated from.</summary>
    public long Seed { get; }

    /// <summary>The rotation angle α of the true Φ (radians).</summary>
    public double Angle { get; }

    /// <summary>The true Φ, row-major: [cos α, −sin α, sin α, cos α].</summary>
    public double[] TruePhi => Rotation(Angle);

    /// <summary>The known start x₀ (two entries).</summary>
    public IReadOnlyList<double> Start { get; }

    /// <summary>The number of observations T.</summary>
    public int Steps => _observations.Length / 2;

    /// <summary>Observation y_t (t = 1..T) as a pair.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is not in 1..T.</exception>
    public (double X, double Y) Observation(int t)
    {
        if (t < 1 || t > Steps)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, string.Create(CultureInfo.InvariantCulture, $"t must be in 1..{Steps}, but is {t}."));
        }

        return (_observations[2 * (t - 1)], _observations[(2 * (t - 1)) + 1]);
    }

    /// <summary>The row-major rotation matrix by <paramref name="angle"/>.</summary>
    public static double[] Rotation(double angle) => [Math.Cos(angle), -Math.Sin(angle), Math.Sin(angle), Math.Cos(angle)];

    /// <summary>
    /// Generates the system from <paramref name="seed"/>: the angle, the start, then the hidden
    /// path and its observations, one step at a time (so a shorter horizon sees a prefix of the
    /// same observations).
    /// </summary>
    /// <param name="steps">The number of observations T, ≥ 1.</param>
    /// <param name="seed">The seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is &lt; 1.</exception>
    public static LinearGaussianSystem Generate(int steps, long seed = DefaultSeed)
    {
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, string.Create(CultureInfo.InvariantCulture, $"The number of steps T must be >= 1, but is {steps}."));
        }

        var rng = new StochasticRandom(seed);
        double m11 = rng.StandardNormal(), m12 = rng.StandardNormal(), m21 = rng.StandardNormal(), m22 = rng.StandardNormal();
        _ = m11;
        _ = m22;

        // exp of the skew-symmetric c(M − Mᵀ)/2 = [[0, −a], [a, 0]] is the rotation by a.
        double angle = RotationScale * (m21 - m12) / 2;
        double[] phi = Rotation(angle);
        double[] start = [rng.StandardNormal(), rng.StandardNormal()];
        double sw = Math.Sqrt(ProcessVariance), sv = Math.Sqrt(ObservationVariance);
        var observations = new double[2 * steps];
        double x = start[0], y = start[1];
        for (int t = 0; t < steps; t++)
        {
            double nx = (phi[0] * x) + (phi[1] * y) + (sw * rng.StandardNormal());
            double ny = (phi[2] * x) + (phi[3] * y) + (sw * rng.StandardNormal());
            x = nx;
            y = ny;
            observations[2 * t] = x + (sv * rng.StandardNormal());
            observations[(2 * t) + 1] = y + (sv * rng.StandardNormal());
        }

        return new LinearGaussianSystem(seed, angle, start, observations);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> unless <paramref name="length"/> is 4 (the entries of a 2×2 matrix).</summary>
    internal static void CheckPhi(int length, string name)
    {
        if (length != 4)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must hold the 4 row-major entries of the 2x2 matrix, but has {length}."), name);
        }
    }
}
