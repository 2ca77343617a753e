using System.Globalization;
using StochasticAD.Random;

namespace StochasticAD.Models;

/// <summary>
/// The stochastic Game of Life (the Julia package's tutorial): a (2N + 1) × (2N + 1) board, each
/// cell alive at the start with probability p, T steps of the 4-neighbour birth/death rule, each
/// cell doing the opposite of the rule with probability θ; output the number of live cells at the
/// end. The simulation is <see cref="GameOfLife.Simulate{T}"/>; this model sums its final board.
/// </summary>
/// <param name="halfWidth">The board's half-width N.</param>
/// <param name="steps">The number of steps T.</param>
/// <param name="theta">The probability θ that a cell does the opposite of the rule.</param>
public sealed class GameOfLifeModel(int halfWidth = GameOfLifeModel.DefaultHalfWidth, int steps = GameOfLifeModel.DefaultSteps, double theta = GameOfLifeModel.DefaultTheta)
    : StochasticModel
{
    /// <summary>The default half-width N (a 25 × 25 board), as in the Julia tutorial.</summary>
    public const int DefaultHalfWidth = 12;

    /// <summary>The default number of steps T.</summary>
    public const int DefaultSteps = 10;

    /// <summary>The default flip probability θ.</summary>
    public const double DefaultTheta = 0.1;

    /// <summary>
    /// dE/dp at the defaults (N = 12, T = 10, θ = 0.1, p = 0.5): central finite differences with
    /// common random numbers, h = 0.01, 10⁶ samples, seed 20240601. Regenerate with the command
    /// in docs/models/game-of-life.md.
    /// </summary>
    public static readonly ReferenceValue DefaultReference = new(154.39625, 0.40210, "fd-crn h=0.01, 10⁶ samples, seed 20240601");

    /// <summary>The board's half-width N.</summary>
    public int HalfWidth { get; } = halfWidth >= 0 ? halfWidth : throw new ArgumentOutOfRangeException(nameof(halfWidth), halfWidth, "The half-width must be >= 0.");

    /// <summary>The number of steps T.</summary>
    public int Steps { get; } = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "The number of steps must be >= 0.");

    /// <summary>The probability θ that a cell does the opposite of the rule.</summary>
    public double Theta { get; } = theta >= 0 && theta <= 1 ? theta : throw new ArgumentOutOfRangeException(nameof(theta), theta, "theta must be in [0, 1].");

    /// <inheritdoc/>
    public override string Name => "game-of-life";

    /// <inheritdoc/>
    public override string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"Stochastic Game of Life on a {(2 * HalfWidth) + 1}x{(2 * HalfWidth) + 1} board, T = {Steps} steps, theta = {Theta}; cells alive at start w.p. p; output live cells at the end");

    /// <inheritdoc/>
    public override double DefaultP => 0.5;

    /// <inheritdoc/>
    public override bool IsValid(double p) => p > 0 && p < 1;

    /// <inheritdoc/>
    public override string Range => "0 < p < 1";

    /// <inheritdoc/>
    public override T Run<T>(T p, StochasticRandom rng)
    {
        T[] board = GameOfLife.Simulate(p, HalfWidth, Steps, Theta, rng);
        T alive = T.Zero;
        foreach (T cell in board)
        {
            alive += cell;
        }

        return alive;
    }

    /// <summary>The exact mean for boards of at most 3 × 3 cells (N ≤ 1), else null.</summary>
    public override double? ExactMean(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) && HalfWidth <= GameOfLife.MaxExactHalfWidth ? GameOfLife.Exact(p, HalfWidth, Steps, Theta, cancellationToken).Mean : null;

    /// <summary>The exact derivative for boards of at most 3 × 3 cells (N ≤ 1), else null.</summary>
    public override double? ExactDerivative(double p, CancellationToken cancellationToken = default) =>
        IsValid(p) && HalfWidth <= GameOfLife.MaxExactHalfWidth ? GameOfLife.Exact(p, HalfWidth, Steps, Theta, cancellationToken).Derivative : null;

    /// <summary>The exact derivative for tiny boards; the recorded finite-difference reference at the defaults and p = 0.5; else null.</summary>
    public override ReferenceValue? ReferenceDerivative(double p, CancellationToken cancellationToken = default)
    {
        if (ExactDerivative(p, cancellationToken) is double exact)
        {
            return new ReferenceValue(exact, 0, "exact");
        }

        return IsDefault && p == DefaultP ? DefaultReference : null;
    }

    private bool IsDefault => HalfWidth == DefaultHalfWidth && Steps == DefaultSteps && Theta == DefaultTheta;
}
